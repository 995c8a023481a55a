"""Theory: the concept notes (corrected), one tab per section, each formula beside the numbers
of the current step. All content comes from w2v_viz.theory; this script only lays it out."""

import streamlit as st

from ui.live import live_page
from ui.state import lang, tr
from w2v_viz import theory


def show_live(panel: theory.LivePanel) -> None:
    """The numbers of this step for one formula, in a bordered box."""
    with st.container(border=True):
        st.caption(tr("theory.live"))
        for line in panel.latex:
            st.latex(line)
        for line in panel.markdown:
            st.markdown(line)
        if panel.metrics:
            for col, (label, value) in zip(st.columns(len(panel.metrics)), panel.metrics):
                col.metric(label, value)
        if panel.table:
            st.markdown(panel.table)


def show_formula(formula: theory.Formula, panel: theory.LivePanel | None) -> None:
    if formula.text:
        st.markdown(formula.text)
    left, right = st.columns(2, gap="medium") if panel else (st.container(), None)
    with left:
        st.latex(formula.latex)
        if formula.example:
            st.latex(formula.example)
        if formula.note:
            st.markdown(formula.note)
    if right is not None:
        with right:
            show_live(panel)


def show_section(section: theory.Section, panels: dict) -> None:
    st.header(section.title, anchor=f"theory-{section.key}")
    st.markdown(section.intro)
    for formula in section.formulas:
        show_formula(formula, panels.get(formula.key))
    for kind, text in section.after:
        if kind == "latex":
            st.latex(text)
        else:
            st.markdown(text)
    if section.code:
        with st.expander(tr("theory.code")):
            st.caption(section.code_caption)
            st.code(section.code, language="python")


def render(trainer, record) -> None:
    language = lang()
    done = trainer.last_record is record
    st.caption(tr("theory.caption") + " "
               + tr("theory.step_done" if done else "theory.step_preview", step=record.step))
    panels = theory.live_panels(record, trainer.vocab, language)
    sections = theory.sections(language)
    tabs = st.tabs([tr(f"theory.tab.{s.key}") for s in sections] + [tr("theory.tab.errata")])
    for tab, section in zip(tabs, sections):
        with tab:
            show_section(section, panels)
    with tabs[-1]:
        st.markdown(theory.errata(language))


live_page(render)   # the Step/Play controls, then render() in a fragment (None: a message)
