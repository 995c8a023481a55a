"""Theory: the concept notes (corrected), one tab per section, each formula beside the numbers
of the current step. All content comes from w2v_viz.theory; this script only lays it out.

The prose, the formulas and the code are ordinary Streamlit elements drawn once per page
run; a Step (or a Play refresh) reruns only the live fragment, which resends the controls,
the caption and one small ``theory_panel`` view per formula, each written into its slot
beside its formula (an ``st.empty`` laid out with the prose, outside the fragment)."""

import streamlit as st

from ui.live import live_page
from ui.live_view import register
from ui.state import current_record, get_trainer, lang, tr
from views import theory_panel
from w2v_viz import theory

_panel = register("theory_panel")
TABS_KEY = "theory_tab"


def show_formula(formula: theory.Formula, slots: dict, live: bool) -> None:
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
        slots[formula.key] = True


def show_section(section: theory.Section, slots: dict, live: set) -> None:
    st.header(section.title, anchor=f"theory-{section.key}")
    st.markdown(section.intro)
    for formula in section.formulas:
        show_formula(formula, slots, formula.key in live)
    for kind, text in section.after:
        if kind == "latex":
            st.latex(text)
        else:
            st.markdown(text)
    if section.code:
        with st.expander(tr("theory.code")):
            st.caption(section.code_caption)
            st.code(section.code, language="python")


def notes(language: str, live: set) -> dict:
    """The static page: the tabs with the notes, only the open tab's content drawn (a tab
    switch reruns the page); returns the keys of the formulas given a panel anchor."""
    slots: dict = {}
    sections = theory.sections(language)
    tabs = st.tabs([tr(f"theory.tab.{s.key}") for s in sections] + [tr("theory.tab.errata")],
                   key=TABS_KEY, on_change="rerun")
    for tab, section in zip(tabs, sections):
        if tab.open:
            with tab:
                show_section(section, slots, live)
    if tabs[-1].open:
        with tabs[-1]:
            st.markdown(theory.errata(language))
    return slots


def main() -> None:
    trainer = get_trainer()
    if trainer is None:
        live_page(None)          # the message, then st.stop()
    language = lang()
    top = st.container()         # the controls and the caption, above the tabs
    keys = set(theory.live_panels(current_record(trainer), trainer.vocab, language))
    slots = notes(language, keys)

    def render(trainer, record) -> None:
        """The fragment's part: the caption and every panel, drawn at the anchors above."""
        st.caption(theory_panel.caption(trainer, record, lang()))
        _panel(data=theory_panel.message(trainer, record, lang(), set(slots)),
               key="theory-panels")

    with top:
        live_page(render)


main()
