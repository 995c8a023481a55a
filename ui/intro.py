"""The first minute: the app's title, and on a visitor's first visit a one-line "start
here" (what to click first, where the lessons are, the other language). The title sits at
the top of the sidebar on a wide screen and above the page on a narrow one (the sidebar
closed); "start here" is a notice in the corner, which moves nothing, until the visitor closes it
(×, Escape) or has started training: the whole step still fits a 1280x720 projector and the corpus
picker stays in view. Both title copies are drawn on every run in keyed containers (CSS
shows one), so that what follows (the live fragment) keeps its place on the page."""

import streamlit as st

from .session import session
from .state import tr


def _title(where: str) -> None:
    st.container(key=f"w2v_title_{where}").markdown(
        f"**{tr('app.title')}** · {tr('app.tagline')}")


def intro(start_here: bool = True) -> None:
    """The title, and "start here" once a visit, unless it began where ``start_here`` is
    False (a lesson's link: the lesson says what to do, and the notice would cover its
    selector)."""
    # Our CSS (no user text; a literal): one title per screen width (below 768 px
    # Streamlit closes the sidebar: a phone), on one or two lines; on a
    # phone the notice at the bottom, off the controls.
    st.html("""<style>
[class*='st-key-w2v_title_'] p{font-size:.95rem;color:#3d4250;margin:0;line-height:1.3}
[class*='st-key-w2v_title_'] strong{font-size:1.3rem;color:#31333f}
@media (min-width:768px){
  [data-testid='stLayoutWrapper']:has(> .st-key-w2v_title_main),
  .st-key-w2v_title_main{display:none}}
@media (max-width:767.98px){
  [data-testid='stLayoutWrapper']:has(> .st-key-w2v_title_side),
  .st-key-w2v_title_side{display:none}
  [data-testid='stToastContainer']{top:auto!important;bottom:.5rem!important}}
[data-testid='stLayoutWrapper']:has(> .st-key-w2v_skip_text),.st-key-w2v_skip_text{display:none}
</style>""")
    with st.sidebar:
        _title("side")
    _title("main")
    # Streamlit's "Skip to main content" link is in English: its text in the UI language
    # comes from the string table, through a hidden container (escaped like any markdown)
    # that the script below reads.
    st.sidebar.container(key="w2v_skip_text").markdown(tr("app.skip_main"))
    # Streamlit's toast is a dialog without a name (axe: aria-dialog-name): its own text
    # names it. "Start here" covers the counters' corner: Escape closes it, and so does
    # the visitor's first training action (a click on the controls, or their S/P keys),
    # 6 s later, time to finish reading it. A literal script (no visitor text), installed
    # once a page.
    st.sidebar.html("""<script>
if (!window.w2vNames) {
  window.w2vNames = new MutationObserver(() => {
    for (const t of document.querySelectorAll('.stToast:not([aria-label])'))
      t.setAttribute('aria-label', t.textContent.trim().slice(0, 160));
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    const text = document.querySelector('.st-key-w2v_skip_text p');
    if (skip && text && skip.textContent !== text.textContent)
      skip.textContent = text.textContent;
  });
  window.w2vNames.observe(document.body, {childList: true, subtree: true, characterData: true});
  const close = () => document.querySelectorAll('.stToast button[aria-label="Close"]')
    .forEach((b) => b.click());
  let closing = null;
  const acted = () => { closing = closing || setTimeout(close, 6000); };
  const inside = (e, css) => e.composedPath().some((n) => n.matches && n.matches(css));
  document.addEventListener('click', (e) => { if (inside(e, '.w2v-controls')) acted(); },
                            true);
  document.addEventListener('keydown', (e) => {      // the controls' own shortcuts
    if (e.key === 'Escape') close();
    else if (/^[sp]$/i.test(e.key) && !(e.ctrlKey || e.metaKey || e.altKey)
             && !inside(e, 'input, textarea, select, [contenteditable]')) acted();
  }, true);
}
</script>""", unsafe_allow_javascript=True)
    state = session()
    if not state.intro_shown:
        state.intro_shown = True
        if start_here:
            st.toast(tr("app.start_here"), icon=":material/arrow_forward:", duration="infinite")
