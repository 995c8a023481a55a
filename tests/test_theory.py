"""The theory page's content (notes/*.md read by views/notes.py; the live numbers of
views/theory.py) and page script (app_pages/theory.py).

Both languages carry the same sections; the notes' errata are fixed; the live numbers are the
record's own numbers for every architecture and objective; vocabulary words, which are user
text, are escaped before they reach LaTeX or markdown; the page renders in both languages.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from live_ui import THEORY_PANEL, data, press, with_trainer
from streamlit.testing.v1 import AppTest

from views import notes, theory
from views.i18n import STRINGS
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import load
from w2v_viz.model import sigmoid

PAGE = str(Path(__file__).resolve().parents[1] / "app_pages" / "theory.py")
HOSTILE = "a_b$\\x{}"

CONFIGS = {
    "skipgram-softmax": dict(architecture="skipgram", objective="softmax"),
    "skipgram-negative": dict(architecture="skipgram", objective="negative"),
    "cbow-softmax": dict(architecture="cbow", objective="softmax"),
    "cbow-negative": dict(architecture="cbow", objective="negative"),
    "window-softmax": dict(architecture="skipgram", objective="softmax", window_step=True),
    "window-negative": dict(architecture="skipgram", objective="negative", window_step=True),
}


def _trainer(**settings) -> Trainer:
    return Trainer(Corpus.from_text(load("royalty")), Config(**settings))


@pytest.fixture(scope="module", params=list(CONFIGS))
def trained(request):
    """(trainer, record of its 4th step) for each architecture/objective."""
    trainer = _trainer(**CONFIGS[request.param])
    return trainer, trainer.step(4)


def _all_text(lang: str) -> str:
    parts = [theory.errata(lang), theory.example_table(lang)]
    for s in theory.sections(lang):
        parts += [s.title, s.intro, s.code, s.code_caption]
        parts += [text for _, text in s.after]
        for f in s.formulas:
            parts += [f.latex, f.text, f.example, f.note]
    return "\n".join(parts)


# ----- content --------------------------------------------------------------------------------

def test_both_languages_have_the_same_sections():
    en, zh = theory.sections("en"), theory.sections("zh")
    assert [s.key for s in en] == [s.key for s in zh] == list(theory.SECTION_KEYS)
    assert len(en) == 7
    for a, b in zip(en, zh):
        assert a.title and b.title and a.title != b.title
        assert a.intro.strip() and b.intro.strip() and a.intro != b.intro
        assert [f.key for f in a.formulas] == [f.key for f in b.formulas]
        assert a.formulas, a.key
        for fa, fb in zip(a.formulas, b.formulas):
            assert fa.latex.strip() and fa.latex == fb.latex
            assert bool(fa.text) == bool(fb.text) and bool(fa.note) == bool(fb.note)
            if fa.text:
                assert fa.text != fb.text
            if fa.note:
                assert fa.note != fb.note
        assert [k for k, _ in a.after] == [k for k, _ in b.after]
        assert bool(a.code) == bool(b.code)
    assert re.search(r"[\u4e00-\u9fff]", _all_text("zh"))
    assert not re.search(r"[\u4e00-\u9fff]", _all_text("en"))


def test_unknown_language_falls_back_to_english():
    assert [s.intro for s in theory.sections("fr")] == [s.intro for s in theory.sections("en")]


def test_objective_has_the_log():
    for lang in ("en", "zh"):
        nll = next(s for s in theory.sections(lang) if s.key == "nll")
        j = next(f for f in nll.formulas if f.key == "nll.nll").latex
        assert j.startswith(r"J(\theta)")
        assert r"\log P(w_{t+j} \mid w_t; \theta)" in j
        assert r"-\frac{1}{T}" in j
        assert r"\log" in theory.errata(lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_errata_fixed_and_noted(lang):
    text = _all_text(lang)
    assert "Queue" not in text
    assert "Queen" in text and "Queen" in theory.errata(lang)
    assert "randn" in theory.errata(lang)
    code = next(s for s in theory.sections(lang) if s.key == "gradient").code
    assert "np.random.randn(embed_dim, vocab_size)" in code
    assert "np.random.rand(" not in code
    assert "y_pred" in code and "np.outer(h, e)" in code


def test_all_theory_strings_are_bilingual():
    keys = [k for k in STRINGS if k.startswith("theory.")]
    assert keys
    for k in keys:
        assert STRINGS[k].get("en") and STRINGS[k].get("zh"), k
    for key in theory.SECTION_KEYS:
        assert f"theory.tab.{key}" in STRINGS


def test_example_numbers():
    table = theory.example_table("en")
    for number in ("20.1", "2.72", "0.368", "23.2", "0.867", "0.117", "0.0159"):
        assert number in table
    assert "Queen" in table and "Dog" in table and "Apple" in table
    # The note's arithmetic.
    assert abs(0.9 * 0.8 * 0.9 - 0.648) < 1e-12
    assert abs(-np.log(0.648) - 0.434) < 5e-4


# ----- the notes as data (notes/*.md, read by views/notes.py) ----------------------------------

FORMULA_KEYS = [f"{s}.{f}" for s, names in notes.FORMULAS.items() for f in names]


def test_notes_files_have_the_same_keys():
    en, zh = notes.text("en"), notes.text("zh")
    assert list(en) == list(zh) == [*theory.SECTION_KEYS, "errata"]
    for key in en:
        assert en[key].keys() == zh[key].keys(), key
    assert set(notes.formulas()) == set(FORMULA_KEYS)
    assert [f.key for s in theory.sections("zh") for f in s.formulas] == FORMULA_KEYS


# Formulas without a live panel, per run (all others have one).
NO_PANEL = {
    "skipgram-softmax": {"cbow.loss", "negative.grad"},
    "skipgram-negative": {"cbow.loss", "network.yhat", "nll.loss"},
    "cbow-softmax": {"negative.grad"},
    "cbow-negative": {"network.yhat", "nll.loss"},
    "window-softmax": {"cbow.loss", "negative.grad", "nll.loss"},
    "window-negative": {"cbow.loss", "network.yhat", "nll.loss"},
}


@pytest.mark.parametrize("config", list(CONFIGS))
def test_every_formula_has_its_live_panel(config):
    trainer = _trainer(**CONFIGS[config])
    record = trainer.step(4)
    for lang in ("en", "zh"):
        panels = theory.live_panels(record, trainer.vocab, lang)
        assert set(FORMULA_KEYS) - set(panels) == NO_PANEL[config]
        assert set(panels) <= set(FORMULA_KEYS)


def _drop_block(text: str, heading: str) -> str:
    start = text.index(heading + "\n")
    return text[:start] + text[text.index("\n#", start + 1) + 1:]


@pytest.fixture
def notes_dir(tmp_path, monkeypatch):
    """A copy of notes/ to break, read instead of the real one."""
    for f in notes.NOTES_DIR.glob("*.md"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(notes, "NOTES_DIR", tmp_path)
    notes.text.cache_clear(), notes.formulas.cache_clear()
    yield tmp_path
    notes.text.cache_clear(), notes.formulas.cache_clear()


@pytest.mark.parametrize("name, lang, edit, message", [
    ("zh.md", "zh", lambda s: _drop_block(s, "### window.note"),
     "lacks ['distributional.window.note']"),
    ("en.md", "en", lambda s: s.replace("### window.text", "### windw.text"), "unknown blocks"),
    ("en.md", "en", lambda s: s.replace("### log.note", "### log.text"), "repeated"),
    ("en.md", "en", lambda s: s.replace("## nll:", "## nl:"), "expected"),
    ("zh.md", "zh", lambda s: s[:s.index("## errata")], "expected"),
    ("en.md", "en", lambda s: s.replace("### log.note", "#### log.note"), "headings"),
    ("en.md", "en", lambda s: s.replace("{example_table}", "{example}"), "unknown {example}"),
    ("en.md", "en", lambda s: s.replace("```python", "```py"), "```python"),
    ("formulas.md", "en", lambda s: _drop_block(s, "### yhat"), "expected"),
    ("formulas.md", "zh", lambda s: s[:s.rindex("```")], "not closed"),
])
def test_a_broken_notes_file_fails_loudly(notes_dir, name, lang, edit, message):
    theory.sections(lang)                                 # the copy reads as the real one
    notes.text.cache_clear(), notes.formulas.cache_clear()
    path = notes_dir / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(notes.NotesError, match=re.escape(message)):
        theory.sections(lang)


# ----- live numbers ---------------------------------------------------------------------------

def test_live_values_are_the_records_numbers(trained):
    trainer, record = trained
    v = theory.live_values(record, trainer.vocab, "en")
    words = trainer.vocab.words
    o = int(record.targets[0])
    assert v["loss"] == record.loss
    assert v["step"] == record.step and v["lr"] == record.lr
    assert np.array_equal(v["h"], record.h)
    assert v["h_norm"] == pytest.approx(np.linalg.norm(record.h))
    assert v["o"] == o and v["target_word"] == words[o]
    assert v["centre_word"] == words[record.centre]
    assert v["error_norm"] == pytest.approx(np.linalg.norm(record.error))
    assert v["dW2_norm"] == pytest.approx(np.linalg.norm(record.dW2))
    assert v["dW1_row_norm"] == pytest.approx(np.linalg.norm(record.dW1_row))
    assert v["columns_touched"] == len(record.columns)
    # -log of the product of the right answers' probabilities is the loss.
    assert -v["log_likelihood"] == pytest.approx(record.loss, rel=1e-9)
    assert np.sum(np.log(v["right_probs"])) == pytest.approx(v["log_likelihood"], rel=1e-9)
    if record.objective == "softmax":
        assert v["p_o"] == record.probs[o]
        assert v["z_o"] == record.z[o]
        assert v["e_o"] == record.error[o]
        assert v["p_targets"] == [record.probs[i] for i in record.targets]
        assert v["columns_touched"] == len(words)
        assert np.exp(v["z_o"] - v["log_sum_exp"]) == pytest.approx(v["p_o"], rel=1e-12)
        # ‖h eᵀ‖ = ‖h‖ ‖e‖
        assert v["dW2_norm"] == pytest.approx(v["h_norm"] * v["error_norm"], rel=1e-12)
        assert any(r["target"] and r["id"] == o for r in v["top"])
        assert [r["p"] for r in v["top"]] == sorted((r["p"] for r in v["top"]), reverse=True)
    else:
        K = trainer.config.negatives
        assert v["K"] == K
        assert v["p_o"] == record.probs[0, 0]
        assert v["z_o"] == record.z[0, 0]
        assert v["sigma_pos"] == list(record.probs[:, 0])
        assert v["sigma_pos"][0] == pytest.approx(sigmoid(record.z[0, 0]))
        for p, negs in enumerate(v["negatives"]):
            assert [n["id"] for n in negs] == list(record.negatives[p])
            assert [n["word"] for n in negs] == [words[k] for k in record.negatives[p]]
            assert [n["score"] for n in negs] == list(record.z[p, 1:])
            assert [n["sigma_neg"] for n in negs] == pytest.approx(1 - record.probs[p, 1:])
        assert v["columns_touched"] <= len(record.targets) * (K + 1)
    if record.architecture == "cbow":
        assert v["input_words"] == [words[i] for i in record.contexts]
        assert v["targets"] == [record.centre]
    else:
        assert v["inputs"] == [record.centre]
        assert v["target_words"] == [words[i] for i in record.contexts]
    assert all(j != 0 for j in v["offsets"])


def test_live_values_on_a_preview_before_any_step():
    trainer = _trainer()
    record = trainer.preview()
    v = theory.live_values(record, trainer.vocab)
    assert v["step"] == 1 and v["loss"] == record.loss
    assert v["p_o"] == record.probs[record.targets[0]]


def _balanced(latex: str) -> bool:
    depth = 0
    for token in re.findall(r"\\.|[{}]", latex):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_live_panels_fit_the_formulas(trained, lang):
    trainer, record = trained
    panels = theory.live_panels(record, trainer.vocab, lang)
    formula_keys = {f.key for s in theory.sections(lang) for f in s.formulas}
    assert set(panels) <= formula_keys
    for key in ("distributional.window", "nll.likelihood", "nll.nll", "softmax.softmax",
                "network.h", "gradient.dW1", "gradient.sgd", "negative.loss", "cbow.h"):
        assert key in panels
    for key, panel in panels.items():
        assert panel.latex or panel.markdown or panel.metrics or panel.table, key
        for line in panel.latex:
            assert _balanced(line), (key, line)
    assert theory.fmt(record.loss) in dict(panels["nll.nll"].metrics).values()
    if record.objective == "negative":
        assert panels["negative.loss"].table
    if record.architecture == "skipgram":
        assert panels["cbow.h"].markdown and not panels["cbow.h"].latex


# ----- escaping -------------------------------------------------------------------------------

def test_latex_word_escapes_a_hostile_word():
    out = theory.latex_word(HOSTILE)
    assert out == r"\text{a\_b\$\textbackslash{}x\{\}}"
    assert _balanced(out)
    # Nothing special is left unescaped inside \text{...}.
    inner = out[len(r"\text{"):-1]
    stripped = re.sub(r"\\textbackslash\{\}|\\textasciicircum\{\}|\\textasciitilde\{\}|"
                      r"\\[_$&#%{}]", "", inner)
    assert not set(stripped) & set("\\{}$&#^_~%")
    assert theory.latex_escape("^~%&#") == (r"\textasciicircum{}\textasciitilde{}\%\&\#")
    assert theory.latex_word("x" * 100).endswith("…}")


def test_md_escape_escapes_a_hostile_word():
    assert theory.md_escape(HOSTILE) == r"a\_b\$\\x\{\}"
    assert theory.md_escape("**b** :red[x] <i>|") == r"\*\*b\*\* \:red\[x\] \<i\>\|"
    assert theory.md_escape("王后") == "王后"


def test_hostile_vocabulary_never_reaches_latex_or_markdown_raw():
    trainer = _trainer(objective="negative")
    record = trainer.step(2)
    words = list(trainer.vocab.words)
    for i in [record.centre, *record.targets, *np.ravel(record.negatives)]:
        words[int(i)] = HOSTILE
    words[0] = HOSTILE   # the most frequent word: in the noise table
    vocab = SimpleNamespace(words=words, counts=trainer.vocab.counts)
    for lang in ("en", "zh"):
        panels = theory.live_panels(record, vocab, lang)
        latex = "\n".join(line for p in panels.values() for line in p.latex)
        markdown = "\n".join(line for p in panels.values() for line in [*p.markdown, p.table])
        assert HOSTILE not in latex and HOSTILE not in markdown
        assert theory.latex_word(HOSTILE) in latex
        assert theory.md_escape(HOSTILE) in markdown


def test_number_formatting():
    assert theory.fmt(0.05) == "0.05"
    assert theory.fmt(2.7182818) == "2.718"
    assert theory.fmt(-0.0019604) == "-0.00196"
    assert theory.fmt(1e-5) == "1e-5"
    assert theory.latex_num(1.5e-7) == r"1.5 \times 10^{-7}"
    assert theory.latex_num(float("inf")) == r"\infty"
    assert theory.latex_num(0) == "0"
    assert theory.latex_exp(1.0) == "2.718"
    assert theory.latex_exp(1000.0).endswith(r"10^{434}")      # no overflow
    assert theory.fmt_exp(-1000.0).endswith("e-435")
    assert theory.latex_vector(np.arange(10)) == (   # the first 3 entries, ⋯, the last
        r"\begin{bmatrix}0 & 1 & 2 & \cdots & 9\end{bmatrix}")
    assert theory.latex_vector([1, 2]) == r"\begin{bmatrix}1 & 2\end{bmatrix}"


# ----- the page -------------------------------------------------------------------------------

def _page(trainer, lang: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if trainer is not None:
        with_trainer(at, trainer)
    at.session_state["lang"] = lang
    return at.run()


def _open_tab(at: AppTest, index: int) -> AppTest:
    """Switch to tab ``index`` as a click does (the tabs rerun the page)."""
    at.session_state["theory_tab"] = at.tabs[index].label
    return at.run()


@pytest.mark.parametrize("config,lang,steps", [
    ("skipgram-softmax", "en", 3), ("skipgram-softmax", "zh", 0),
    ("skipgram-negative", "zh", 2), ("cbow-negative", "en", 1), ("cbow-softmax", "zh", 5),
])
def test_page_renders(config, lang, steps):
    trainer = _trainer(**CONFIGS[config])
    if steps:
        trainer.step(steps)
    record = trainer.last_record if steps else trainer.preview()
    at = _page(trainer, lang)
    assert not at.exception
    sections = theory.sections(lang)
    assert len(at.tabs) == len(sections) + 1
    assert [h.value for h in at.header] == [sections[0].title]   # only the open tab
    at = _open_tab(at, 1)                                         # 2 Loss
    assert not at.exception
    assert [h.value for h in at.header] == [sections[1].title]
    assert len(at.latex) >= len(sections[1].formulas)
    view = data(at, THEORY_PANEL)
    panels = {p["key"]: p for p in view["panels"]}
    assert set(panels) == {f.key for f in sections[1].formulas} & set(
        theory.live_panels(record, trainer.vocab, lang))
    assert view["loss"] == record.loss and view["step"] == record.step
    assert [theory.fmt(record.loss)] == [v for _, v in panels["nll.nll"]["metrics"]]
    caption = at.caption[0].value
    assert str(record.step) in caption


def test_page_shows_every_tab():
    trainer = _trainer(objective="negative")
    trainer.step(2)
    at = _page(trainer, "en")
    live = theory.live_panels(trainer.last_record, trainer.vocab, "en")
    for i, section in enumerate(theory.sections("en")):
        at = _open_tab(at, i)
        assert not at.exception
        assert [h.value for h in at.header] == [section.title]
        keys = [p["key"] for p in data(at, THEORY_PANEL)["panels"]]
        assert sorted(keys) == sorted(f.key for f in section.formulas if f.key in live)
        anchors = [h.proto.body for h in at.get("html") if "w2v-theory-slot" in h.proto.body]
        assert len(anchors) == len(keys)
    at = _open_tab(at, len(theory.SECTION_KEYS))                  # Errata
    assert not at.exception and not at.header
    assert theory.errata("en") in [m.value for m in at.markdown]
    assert data(at, THEORY_PANEL)["panels"] == []


def test_page_step_button_updates_the_numbers():
    trainer = _trainer()
    at = _open_tab(_page(trainer, "en"), 1)
    before = data(at, THEORY_PANEL)
    press(at, "step")
    press(at, "step")
    assert not at.exception
    assert trainer.step_count == 2
    after = data(at, THEORY_PANEL)
    assert after["step"] == 2 and after["loss"] == trainer.last_record.loss
    assert after["panels"] != before["panels"]
    nll = next(p for p in after["panels"] if p["key"] == "nll.nll")
    assert nll["metrics"][0][1] == theory.fmt(trainer.last_record.loss)


def test_page_without_a_trainer_stops_with_a_message():
    for lang in ("en", "zh"):
        at = _page(None, lang)
        assert not at.exception
        assert [i.value for i in at.info] == [STRINGS["app.no_model"][lang]]
        assert not at.header and not at.latex
