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
.status-line.loading { color: var(--color-accent); }
.status-line.error { color: var(--error-text-color, #b91c1c); }
#rag-back { position: fixed; left: 50%; bottom: max(16px, env(safe-area-inset-bottom)); z-index: 1000;
  transform: translateX(-50%); padding: 10px 18px; border-radius: 999px; border: none;
  background: var(--color-accent); color: white; font: inherit; font-size: 0.92rem; font-weight: 600;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); cursor: pointer; }
#rag-back[hidden] { display: none; }
/* a phone: the columns stack, the chat is shorter and the sources are part of the page (no scroll box
   inside the page, no sticky column); the page container's own rule is in HEAD */
@media (max-width: 800px) {
  #chat { height: 62vh !important; max-height: 62vh; }
  #sources-col { position: static; }
  #sources .sources { max-height: none; overflow: visible; padding-right: 0; }
  #sources .src-card { scroll-margin-top: 8px; }
}
"""

# Markers are <a class="cite" href="#src-T-N">: a click scrolls the page to the source and flashes it;
# hovering highlights it and scrolls only the sources panel, so the page does not jump under the mouse.
# Where the sources sit below the chat (a phone), the click moves the page away from the answer: a
# "↑ 답변으로" button then brings the marker back into view (it hides once the marker is seen again).
HEAD = """
<style>
/* Here, not in CSS: Gradio rewrites the selectors inside a custom @media rule to descendants of the
   page container, so a rule for the container itself must come as a plain style sheet. On a phone a
   source card's heading stays at the top of the screen while its text is read: the container's
   overflow: hidden would stop it sticking to the page; clip cuts the same overflow and lets it stick. */
@media (max-width: 800px) {
  .gradio-container { padding-left: 8px !important; padding-right: 8px !important; overflow: clip !important; }
}
</style>
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
    if (getComputedStyle(panel).overflowY !== 'visible') {  // a scroll box beside the chat (wide screens)
      panel.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
      scrollPanel(card);
    } else {  // the panel is part of the page (phones): bring the card, or its quoted sentence, up
      const mark = card.querySelector('mark');
      const depth = mark ? mark.getBoundingClientRect().top - card.getBoundingClientRect().top : 0;
      const far = depth > innerHeight * 0.6;
      (far ? mark : card).scrollIntoView({ behavior: 'smooth', block: far ? 'center' : 'start' });
    }
    offerBack(a);
    card.classList.remove('src-flash');
    void card.offsetWidth;
    card.classList.add('src-flash');
  }, true);
  // the way back to the marker, when following it took the answer off the screen
  let back = null, from = null;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.width > 0;
  };
  const offerBack = (marker) => {
    if (!back) {
      back = document.createElement('button');
      back.id = 'rag-back';
      back.type = 'button';
      back.hidden = true;
      back.textContent = '↑ 답변으로';
      back.setAttribute('aria-label', '인용 표시가 있던 답변으로 돌아가기');
      back.addEventListener('click', () => {
        back.hidden = true;
        if (!from || !from.isConnected) return;
        from.scrollIntoView({ behavior: 'smooth', block: 'center' });
        from.focus({ preventScroll: true });
      });
      document.body.appendChild(back);
    }
    from = marker;
    setTimeout(() => { if (from === marker && !visible(marker)) back.hidden = false; }, 700);
  };
  addEventListener('scroll', () => {
    if (back && !back.hidden && from && visible(from)) back.hidden = true;
  }, { passive: true });
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
