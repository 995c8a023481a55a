"""The Theory page's live panels (views/theory_panel.py) and the page's split between the
static notes and the live fragment (app_pages/theory.py).

Every panel's LaTeX converts to MathML (the shortcut that converts a formula's shape once
gives the same markup as a full conversion); markdown lines and table cells become
[text, role] segments in which a word is plain text; hostile words come out escaped in the
MathML and verbatim (as text, never markup) in the segments; the numbers are the record's;
a Step resends the panels' message and the fragment holds no prose.
"""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from live_ui import CONTROLS, THEORY_PANEL, data, press, with_trainer
from streamlit.testing.v1 import AppTest

from views import theory, theory_panel
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import load

PAGE = str(Path(__file__).resolve().parents[1] / "app_pages" / "theory.py")
HOSTILE = ["<img src=x onerror=alert(1)>", "a_b$\\x{}", "**b** :red[x] |$x$|", "</math><b>"]

CONFIGS = [dict(architecture=a, objective=o, window_step=w)
           for a in ("skipgram", "cbow") for o in ("softmax", "negative")
           for w in (False, True) if not (w and a == "cbow")]


def _trainer(**settings) -> Trainer:
    return Trainer(Corpus.from_text(load("royalty")), Config(**settings))


@pytest.fixture(scope="module", params=range(len(CONFIGS)),
                ids=[f"{c['architecture']}-{c['objective']}{'-window' if c['window_step'] else ''}"
                     for c in CONFIGS])
def trained(request):
    trainer = _trainer(**CONFIGS[request.param])
    return trainer, trainer.step(4)


def _hostile_vocab(trainer, record):
    """The vocabulary with the words of this step (and the noise table's) made hostile."""
    words = list(trainer.vocab.words)
    ids = [record.centre, *record.targets, *record.contexts, 0, len(words) - 1]
    if record.negatives is not None:
        ids += list(record.negatives.ravel())
    for n, i in enumerate(dict.fromkeys(int(i) for i in ids)):
        words[i] = HOSTILE[n % len(HOSTILE)]
    return SimpleNamespace(words=words, counts=trainer.vocab.counts)


# ----- MathML ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_panels_latex_converts_to_mathml(trained, lang):
    trainer, record = trained
    for key, live in theory.live_panels(record, trainer.vocab, lang).items():
        for line in live.latex:
            out = theory_panel.display_math(line)
            assert out == theory_panel.display_math(line, theory_panel._template), (key, line)
            assert out.startswith("<math>") and out.endswith("</math>"), key
            assert "merror" not in out and "\\" not in out, (key, out)
            assert not re.search(r"<mi>&</mi>|\[\d+pt\]", out), (key, out)   # aligned handled
            if r"\begin{aligned}" in line:
                assert "<mtable>" in out and 'columnalign="right"' in out


def test_numbers_and_words_go_back_in_place():
    latex = r"\hat y_{\text{ab9}} = \frac{e^{-0.25}}{12.5} = 3 \times 10^{-7}"
    out = theory_panel.mathml(latex)
    assert out == theory_panel._template(latex)
    assert "<mtext>ab9</mtext>" in out
    assert [m for m in re.findall(r"<mn>([^<]*)</mn>", out)] == ["0.25", "12.5", "3", "10", "7"]


def test_hostile_words_are_escaped(trained):
    trainer, record = trained
    vocab = _hostile_vocab(trainer, record)
    words = set(vocab.words) & set(HOSTILE)
    for lang in ("en", "zh"):
        message = theory_panel.message(SimpleNamespace(vocab=vocab, last_record=record),
                                       record, lang)
        for panel in message["panels"]:
            for math in panel["math"]:
                assert "<img" not in math and "<b>" not in math and "</math><" not in math
            cells = [c for row in (panel["table"] or {"rows": []})["rows"] for c in row]
            for segs in [*panel["lines"], *cells]:
                for text, role in segs:
                    if role == theory_panel.MATH:
                        assert "<img" not in text and "<b>" not in text
                    else:     # inserted as text by the browser: the word itself, verbatim
                        assert role in (theory_panel.PLAIN, theory_panel.WORD)
        shown = {text for p in message["panels"]
                 for segs in [*p["lines"], *[c for row in (p["table"] or {"rows": []})["rows"]
                                             for c in row]]
                 for text, role in segs if role != theory_panel.MATH}
        assert any(w in shown for w in words)       # a hostile word shows, as it is
        maths = "".join(m for p in message["panels"] for m in p["math"])
        assert "<mtext>&lt;img src=x onerror=aler" in maths   # the centre (clipped)


@pytest.mark.parametrize("word", [*HOSTILE, "王后", "x\\y", "a*b", "50%"])
def test_segments_give_back_an_escaped_word(word):
    assert theory_panel.segments(f"**{theory.md_escape(word)}** ←") == [
        [word, theory_panel.WORD], [" ←", theory_panel.PLAIN]]
    assert theory_panel.segments(theory.md_escape(word)) == [[word, theory_panel.PLAIN]]


def test_segments_of_inline_math():
    segs = theory_panel.segments(r"Centre word $w_t$: **king** ($j = +1$)")
    assert [role for _, role in segs] == ["", "math", "", "word", "", "math", ""]
    assert segs[1][0].startswith("<math>") and "<msub>" in segs[1][0]
    assert segs[3][0] == "king"


# ----- the numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_message_holds_the_records_numbers(trained, lang):
    trainer, record = trained
    message = theory_panel.message(trainer, record, lang)
    panels = {p["key"]: p for p in message["panels"]}
    assert message["loss"] == record.loss and message["step"] == record.step
    assert set(panels) == set(theory.live_panels(record, trainer.vocab, lang))
    assert dict(panels["nll.nll"]["metrics"])[theory.t("theory.m.loss", lang)] == \
        theory.fmt(record.loss)
    noise = panels["negative.noise"]["table"]
    rows = theory.noise_table(trainer.vocab)
    assert [r[0] for r in noise["rows"]] == [[[r["word"], ""]] for r in rows]
    assert [r[3] for r in noise["rows"]] == [[[theory.fmt(r["p_noise"], 3), ""]] for r in rows]
    if record.objective == "negative":
        negs = panels["negative.loss"]["table"]["rows"]
        assert [r[1][0][0] for r in negs] == [theory.fmt(z) for z in record.z[0, 1:]]
    assert theory_panel.message(trainer, record, lang, {"nll.nll"})["panels"] == \
        [panels["nll.nll"]]


def test_message_is_compact():
    trainer = _trainer()
    message = theory_panel.message(trainer, trainer.step(3), "en")
    assert len(json.dumps(message)) < 16_000
    assert "xmlns" not in json.dumps(message)


# ----- the page: the notes stay out of the fragment ---------------------------------------------

def _page(trainer) -> AppTest:
    at = with_trainer(AppTest.from_file(PAGE, default_timeout=60), trainer)
    at.session_state["lang"] = "en"
    at.run()
    at.session_state["theory_tab"] = at.tabs[4].label        # 5 Gradients
    return at.run()


def _elements(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _elements(child)


def test_a_step_resends_the_panels_and_no_prose():
    trainer = _trainer()
    at = _page(trainer)
    assert not at.exception
    fragment = next(b for b in _elements(at.main)
                    if any(getattr(c, "proto", None) is not None
                           and getattr(c.proto, "component_name", "") == CONTROLS
                           for c in getattr(b, "children", {}).values()))
    inside = list(_elements(fragment))
    # The fragment: the controls, the caption and the panels' view; nothing else.
    assert [type(e).__name__ for e in inside] == ["UnknownElement", "Caption", "UnknownElement"]
    assert inside[2].proto.component_name == THEORY_PANEL
    # The notes (headers, prose, formulas, code) are outside it.
    prose = [e for e in _elements(at.main) if type(e).__name__ in ("Header", "Markdown", "Latex",
                                                                  "Code")]
    assert len(prose) >= 10 and not any(e in inside for e in prose)
    before = data(at, THEORY_PANEL)
    press(at, "step")
    press(at, "step")
    assert not at.exception
    after = data(at, THEORY_PANEL)
    assert after["step"] == 2 and after["loss"] == trainer.last_record.loss
    assert [p["key"] for p in after["panels"]] == [p["key"] for p in before["panels"]]
    assert after["panels"] != before["panels"]
    assert "2" in at.caption[0].value
