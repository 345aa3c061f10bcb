from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import REPO

from rag.config import Config, load_config
from rag.errors import ConfigError


def test_config_yaml_equals_the_built_in_defaults():
    cfg = load_config(REPO / "config.yaml", env={})
    default = Config()
    for f in dataclasses.fields(Config):
        if f.name in ("paths", "source"):
            continue
        assert getattr(cfg, f.name) == getattr(default, f.name), f.name
    assert cfg.paths.index == REPO / ".index/default"


def test_unknown_key_names_the_key(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("retrieval:\n  kk: 3\n")
    with pytest.raises(ConfigError, match="retrieval.kk"):
        load_config(p, env={})
    p.write_text("retrieval:\n  k: many\n")
    with pytest.raises(ConfigError, match="retrieval.k must be int"):
        load_config(p, env={})


def test_environment_overrides(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("paths:\n  index: ix\n")
    cfg = load_config(p, env={})
    assert cfg.paths.index == tmp_path / "ix"
    cfg = load_config(
        p, env={"RAG_INDEX": "/abs/ix", "RAG__RETRIEVAL__MODE": "bm25", "RAG__RETRIEVAL__K": "8"}
    )
    assert cfg.paths.index == Path("/abs/ix") and cfg.retrieval.mode == "bm25" and cfg.retrieval.k == 8
    with pytest.raises(ConfigError, match="unknown config key config.nosuch"):
        load_config(p, env={"RAG__NOSUCH__X": "1"})


def test_missing_config_file():
    with pytest.raises(ConfigError, match="does not exist"):
        load_config("/no/such/config.yaml")


def test_replace():
    cfg = Config().replace(retrieval={"mode": "dense"})
    assert cfg.retrieval.mode == "dense" and cfg.retrieval.k == Config().retrieval.k
