"""Theory: the concept notes (corrected), one tab per section, each formula beside the numbers
of the current step. All content comes from views.theory; this script only lays it out.

The prose, the formulas and the code are ordinary Streamlit elements drawn by a page run,
outside the live fragment: a Step (or a Play refresh) reruns only the fragment, which
resends the controls, the caption and one ``theory_panel`` view whose message holds the
numbers of every panel of the open tab; the view draws each panel at its anchor, an empty
element laid out beside its formula. Only the open tab's notes are drawn (a tab switch
reruns the page): every Streamlit element on the page is re-rendered by the browser on
each rerun, fragment or not, so fewer elements make a faster Step (measured in
benchmarks/theory_latency.py)."""

import streamlit as st

from ui.live import live_page
from ui.live_view import register
from ui.state import current_record, get_trainer, lang, tr
from views import theory, theory_panel

_panel = register("theory_panel")
TABS_KEY, PANELS_KEY = "theory_tab", "theory_panels"


def show_formula(formula: theory.Formula, anchors: set, live: bool) -> None:
    if formula.text:
        st.markdown(formula.text)
    left, right = st.columns(2, gap="medium") if live else (st.container(), None)
    with left:
        st.latex(formula.latex)
        if formula.example:
            st.latex(formula.example)
        if formula.note:
            st.markdown(formula.note)
    if right is not None:
        with right:
            st.html(theory_panel.anchor(formula.key))
        anchors.add(formula.key)


def show_section(section: theory.Section, anchors: set, live: set) -> None:
    st.header(section.title, anchor=f"theory-{section.key}")
    st.markdown(section.intro)
    for formula in section.formulas:
        show_formula(formula, anchors, formula.key in live)
    for kind, text in section.after:
        if kind == "latex":
            st.latex(text)
        else:
            st.markdown(text)
    if section.code:
        with st.expander(tr("theory.code")):
            st.caption(section.code_caption)
            st.code(section.code, language="python")


def notes(language: str, live: set) -> set:
    """The static page: the tabs with the notes, only the open tab's content drawn (a tab
    switch reruns the page). A formula in ``live`` gets a panel anchor beside it; returns
    the keys of the anchored formulas."""
    anchors: set = set()
    sections = theory.sections(language)
    tabs = st.tabs([tr(f"theory.tab.{s.key}") for s in sections] + [tr("theory.tab.errata")],
                   key=TABS_KEY, on_change="rerun")
    for tab, section in zip(tabs, sections):
        if tab.open:
            with tab:
                show_section(section, anchors, live)
    if tabs[-1].open:
        with tabs[-1]:
            st.markdown(theory.errata(language))
    return anchors


def main() -> None:
    trainer = get_trainer()
    if trainer is None:
        live_page(None)          # the message, then st.stop()
    language = lang()
    top = st.container()         # the controls and the caption, above the tabs
    live = set(theory.live_panels(current_record(trainer), trainer.vocab, language))
    anchors = notes(language, live)

    def render(trainer, record) -> None:
        """The fragment's part: the caption, and the panels drawn at the anchors above."""
        st.caption(theory_panel.caption(trainer, record, lang()))
        _panel(data=theory_panel.message(trainer, record, lang(), anchors), key=PANELS_KEY)

    with top:
        live_page(render)


main()
