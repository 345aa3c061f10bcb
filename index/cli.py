"""``python -m index build PATH... [--index DIR] [--prune] [--rebuild]``"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rag.config import load_config
from rag.errors import RagError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m index", description="Build or update a briefing index.")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="index files or folders of briefings (incremental)")
    b.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: paths.corpus of the config)"
    )
    b.add_argument("--index", type=Path, help="index directory (default: paths.index of the config)")
    b.add_argument("--config", type=Path, help="config.yaml to use (default: ./config.yaml)")
    b.add_argument(
        "--prune", action="store_true", help="drop indexed files that are not among PATHS any more"
    )
    b.add_argument("--rebuild", action="store_true", help="ignore the existing index and re-embed everything")
    b.add_argument("--json", action="store_true", help="print the build report as JSON")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = ap.parse_args(argv)
    try:
        from .build import build_index

        cfg = load_config(args.config)
        paths = args.paths or [cfg.paths.corpus]
        index = args.index or cfg.paths.index
        report = build_index(
            paths, index, cfg, prune=args.prune, rebuild=args.rebuild, progress=not args.quiet
        )
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for _path, err in report.failed:
        print(f"skipped: {err}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(
            f"index {report.index}: {report.articles} articles, {report.chunks} chunks "
            f"(added {len(report.added)}, updated {len(report.updated)}, re-chunked {len(report.rechunked)}, "
            f"unchanged {len(report.unchanged)}, "
            f"removed {len(report.removed)}, skipped {len(report.failed)}; embedded {report.embedded_chunks} chunks "
            f"in {report.seconds:.1f}s: {report.cache_misses} texts encoded, {report.cache_hits} from the cache)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
