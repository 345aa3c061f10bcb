"""The page's CSS and script (kept in Python so an installed wheel carries them)."""

from __future__ import annotations

import json

FONT_STACK = (
    "Noto Sans KR",
    "Noto Sans CJK KR",
    "Apple SD Gothic Neo",
    "Malgun Gothic",
    "ui-sans-serif",
    "system-ui",
    "sans-serif",
)

CSS = """
.gradio-container { max-width: 1320px !important; }
#app-title h1 { font-size: 1.45rem; margin: 0; }
#app-title p { margin: 2px 0 0; color: var(--body-text-color-subdued); font-size: 0.9rem; }
.status-line { font-size: 0.82rem; color: var(--body-text-color-subdued); padding: 2px 0; }
.status-line code { font-size: 0.78rem; }
#chat .message-content { line-height: 1.65; }
#chat .asked { font-size: 0.8rem; color: var(--body-text-color-subdued); margin-bottom: 4px; }
#chat .asked.note { color: var(--error-text-color, #b91c1c); }
#chat .answer.abstained { color: var(--body-text-color-subdued); font-style: italic; }
#chat .answer.pending { color: var(--body-text-color-subdued); }
#chat .answer.error { color: var(--error-text-color, #b91c1c); }
#chat .cursor { animation: rag-blink 1s steps(1) infinite; color: var(--color-accent); }
@keyframes rag-blink { 50% { opacity: 0; } }
a.cite { color: var(--color-accent) !important; font-weight: 600; text-decoration: none !important;
  font-size: 0.82em; padding: 0 2px; border-radius: 4px; cursor: pointer; white-space: nowrap; }
a.cite:hover, a.cite:focus { background: var(--color-accent-soft); outline: none; }
#sources-col { position: sticky; top: 8px; align-self: flex-start; }  /* stays in view */
#sources .sources { max-height: 74vh; overflow-y: auto; padding-right: 6px; }
#sources .sources-title { font-weight: 700; font-size: 0.95rem; margin: 2px 0 6px; }
#sources .sources.empty p { color: var(--body-text-color-subdued); font-size: 0.88rem; }
#sources .turn-q { font-size: 0.8rem; color: var(--body-text-color-subdued); margin: 4px 0; }
#sources .src-card { border: 1px solid var(--border-color-primary); border-radius: 10px;
  padding: 10px 12px; margin: 8px 0; background: var(--background-fill-secondary);
  transition: border-color .2s, box-shadow .2s; scroll-margin-top: 12px; }
#sources .src-card.src-active { border-color: var(--color-accent);
  box-shadow: 0 0 0 3px var(--color-accent-soft); }
#sources .src-card.src-flash { animation: rag-flash 1.2s ease-out; }
@keyframes rag-flash { 0% { box-shadow: 0 0 0 6px var(--color-accent-soft); } 100% { box-shadow: none; } }
#sources .src-top { position: sticky; top: -1px; z-index: 1; background: var(--background-fill-secondary);
  margin: -10px -12px 0; padding: 10px 12px 6px; border-radius: 10px 10px 0 0;
  border-bottom: 1px solid var(--border-color-primary); }
#sources .src-head { font-weight: 650; font-size: 0.95rem; line-height: 1.4; }
#sources .src-n { color: var(--color-accent); margin-right: 6px; }
#sources .src-meta { font-size: 0.78rem; color: var(--body-text-color-subdued); margin-top: 2px; }
#sources .src-text { white-space: pre-line; font-size: 0.86rem; line-height: 1.7; margin-top: 8px; }
#sources .src-text p { margin: 0 0 6px; }
#sources .src-text p:not(.quoted) { color: var(--body-text-color-subdued); }
#sources .src-text mark { background: rgba(255, 213, 0, 0.38); color: inherit; padding: 1px 0;
  border-radius: 2px; }
#sources .src-path { font-size: 0.72rem; color: var(--body-text-color-subdued); margin-top: 6px;
  font-family: var(--font-mono); }
#sources details.older { margin-top: 10px; font-size: 0.85rem; }
#sources details.older summary { cursor: pointer; color: var(--body-text-color-subdued); }
#sources .src-empty { font-size: 0.88rem; color: var(--body-text-color-subdued); }
#upload-status { font-size: 0.85rem; }
"""

# Markers are <a class="cite" href="#src-T-N">: a click scrolls the page to the source and flashes it;
# hovering highlights it and scrolls only the sources panel, so the page does not jump under the mouse.
HEAD = """
<script>
(() => {
  if (window.__ragCite) return;
  window.__ragCite = true;
  const target = (a) => {
    const id = (a.getAttribute('href') || '').replace(/^#/, '');
    return id ? document.getElementById(id) : null;
  };
  const open = (card) => {
    const d = card.closest('details');
    if (d && !d.open) d.open = true;
  };
  const activate = (card, on) => {
    document.querySelectorAll('.src-card.src-active').forEach((c) => {
      if (c !== card) c.classList.remove('src-active');
    });
    if (card) card.classList.toggle('src-active', on);
  };
  // scroll the sources panel (not the page) to the card, or to its first quoted sentence when
  // that sentence sits far down a long section
  const scrollPanel = (card) => {
    const panel = card.closest('.sources');
    if (!panel) return;
    const origin = panel.getBoundingClientRect().top - panel.scrollTop;
    let top = card.getBoundingClientRect().top - origin - 8;
    const mark = card.querySelector('mark');
    if (mark) {
      const markTop = mark.getBoundingClientRect().top - origin;
      if (markTop - top > panel.clientHeight * 0.6) top = markTop - panel.clientHeight * 0.3;
    }
    panel.scrollTo({ top: Math.max(0, top), behavior: 'smooth' });
  };
  const cite = (ev) => (ev.target && ev.target.closest) ? ev.target.closest('a.cite') : null;
  document.addEventListener('click', (ev) => {
    const a = cite(ev);
    if (!a) return;
    ev.preventDefault();
    ev.stopPropagation();
    const card = target(a);
    if (!card) return;
    open(card);
    activate(card, true);
    const panel = card.closest('.sources') || card;
    panel.scrollIntoView({ behavior: 'smooth', block: 'nearest' });  // on narrow screens it is below
    scrollPanel(card);
    card.classList.remove('src-flash');
    void card.offsetWidth;
    card.classList.add('src-flash');
  }, true);
  document.addEventListener('mouseover', (ev) => {
    const a = cite(ev);
    if (!a) return;
    const card = target(a);
    if (!card) return;
    open(card);
    activate(card, true);
    scrollPanel(card);
  });
  document.addEventListener('mouseout', (ev) => {
    const a = cite(ev);
    if (a) activate(target(a), false);
  });
})();
</script>
"""


def accept_script(types: tuple[str, ...] | list[str]) -> str:
    """Lets the file picker offer only ``types`` (the upload box has no ``file_types``: see ui/app.py)."""
    accept = json.dumps(",".join(types))
    return f"""
<script>
(() => {{
  const set = () => document.querySelectorAll('#upload input[type=file]').forEach((i) => {{
    if (i.getAttribute('accept') !== {accept}) i.setAttribute('accept', {accept});
  }});
  new MutationObserver(set).observe(document.documentElement,
    {{ subtree: true, childList: true, attributes: true, attributeFilter: ['accept'] }});
  set();
}})();
</script>
"""


__all__ = ["CSS", "HEAD", "FONT_STACK", "accept_script"]
