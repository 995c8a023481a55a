"""The Train page's live views in a real browser (headless Chromium + Playwright).

What only a browser shows: the numbers the network view draws after a Step are the step
record's (read back from the ``data-*`` attributes the view writes, which hold the exact
values, and from the printed digits), compared with an independent in-process run of the
deterministic engine (same corpus, config and seed: ``Trainer(...).step(n)`` gives the
identical record); nothing is clipped at 1280x720; the mini map's labels never overlap;
hover and keyboard focus show a unit's numbers; a bulk Epoch shows its progress, disables
the other buttons and Stop keeps the steps done; the loss chart's log toggle is local to
the browser (no websocket message, no rerun) and survives a page switch.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from playwright.sync_api import expect

from ui.limits import DEFAULTS, MODEL_KEYS
from views.network import MAX_NS_UNITS, MAX_UNITS
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import CORPORA

from .browser import control, counter, install_mutation_recorder, wait_for_app
from .test_app_flows import assert_clean, click_control, expect_steps, nav, open_app, step_count

NETWORK = ".w2v-network"

# Everything the network view wrote: exact values from data-* attributes, printed texts.
NETWORK_JS = """
() => {
  const r = document.querySelector('.w2v-network');
  const num = (s) => Number(s);
  return {
    architecture: r.dataset.architecture, objective: r.dataset.objective,
    heading: r.querySelector('.heading').textContent,
    inputs: [...r.querySelectorAll('.inputs li')].map((li) => num(li.dataset.id)),
    h: JSON.parse(r.querySelector('.cells.h').dataset.values),
    dh: JSON.parse(r.querySelector('.cells.dh').dataset.values),
    loss: num(r.querySelector('.loss .value').dataset.value),
    lossText: r.querySelector('.loss .value').textContent,
    columns: r.querySelector('.columns').dataset.columns,
    units: [...r.querySelectorAll('.units tbody tr')].map((tr) => ({
      id: num(tr.dataset.id), word: tr.dataset.word, role: tr.className,
      z: num(tr.dataset.z), p: num(tr.dataset.p), y: num(tr.dataset.y), e: num(tr.dataset.e),
      name: tr.querySelector('th').textContent,
      shown: [...tr.querySelectorAll('.num')].map((n) => n.textContent),
    })),
  };
}
"""


def engine(corpus: str = "royalty", **overrides):
    """The app's default trainer for ``corpus``, built in-process (ui/settings.py's
    apply_settings with the sidebar's defaults)."""
    values = {**DEFAULTS, **overrides}
    config = Config(**{k: values[k] for k in MODEL_KEYS}, lr=values["lr"],
                    min_count=values["min_count"])
    text = Corpus.from_text(CORPORA[corpus].text(), lowercase=values["lowercase"],
                            segmentation=values["segmentation"], min_count=values["min_count"])
    return Trainer(text, config)


def shown_number(text: str) -> float:
    """A number as the views print it (fmt in lib.js: U+2212 minus, 1.2e-4)."""
    return float(text.replace("−", "-"))


def assert_printed(text: str, value: float, sig: int) -> None:
    """``text`` is ``value`` printed to ``sig`` significant digits."""
    shown = shown_number(text)
    if value == 0:
        assert shown == 0, (text, value)
        return
    half_ulp = 0.5 * 10 ** (math.floor(math.log10(abs(value))) - sig + 1)
    assert abs(shown - value) <= half_ulp * 1.0001, (text, value)


def close(a, b) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                               rtol=1e-12, atol=1e-15)


def assert_view_is_record(view: dict, record, words) -> None:
    """Every number of the network view is the record's."""
    assert view["architecture"] == record.architecture
    assert view["objective"] == record.objective
    assert view["inputs"] == [int(i) for i in np.ravel(record.inputs)]
    close(view["h"], record.h)
    close(view["dh"], record.dW1_row)
    close(view["loss"], record.loss)
    assert_printed(view["lossText"], record.loss, 4)
    columns = [int(j) for j in np.ravel(record.columns)]
    expected_columns = "all" if len(columns) == len(words) else ",".join(map(str, columns))
    assert view["columns"] == expected_columns

    units = view["units"]
    assert units, "no output unit drawn"
    targets = [int(o) for o in np.ravel(record.targets)]
    if record.objective == "softmax":
        probs = np.asarray(record.probs)
        assert len(units) == min(len(words), max(MAX_UNITS, len(set(targets))))
        ids = [u["id"] for u in units]
        assert set(targets) <= set(ids), "a target is not shown"
        assert [u["p"] for u in units] == sorted((u["p"] for u in units), reverse=True)
        others = [u["p"] for u in units if u["id"] not in targets]
        if others:   # the other rows are the most probable words
            hidden = np.delete(probs, ids)
            assert hidden.size == 0 or hidden.max() <= min(others)
        for u in units:
            j = u["id"]
            close([u["z"], u["p"], u["e"]], [record.z[j], probs[j], record.error[j]])
            assert u["y"] == targets.count(j)
    else:
        P = len(targets)
        z, p, e = (np.asarray(a).reshape(P, -1) for a in (record.z, record.probs, record.error))
        cols = np.concatenate([np.asarray(targets)[:, None],
                               np.asarray(record.negatives).reshape(P, -1)], axis=1)
        assert len(units) == min(MAX_NS_UNITS, cols.size)
        for i, u in enumerate(units):
            a, k = divmod(i, cols.shape[1])
            assert u["id"] == cols[a, k]
            assert u["role"] == ("target" if k == 0 else "negative")
            close([u["z"], u["p"], u["e"]], [z[a, k], p[a, k], e[a, k]])
            assert u["y"] == (1 if k == 0 else 0)
    for u in units:   # the printed digits and the word
        assert u["word"] == u["name"] == words[u["id"]]
        for text, value in zip(u["shown"], (u["z"], u["p"], u["e"])):
            assert_printed(text, value, 3)


def choose_model(page, architecture: str, objective: str) -> None:
    """Pick the architecture and the objective in the sidebar, then Apply."""
    if (architecture, objective) == (DEFAULTS["architecture"], DEFAULTS["objective"]):
        return
    sidebar = page.get_by_test_id("stSidebar")
    names = {"skipgram": "Skip-gram", "cbow": "CBOW", "softmax": "Full softmax",
             "negative": "Negative sampling"}
    for key, value in (("architecture", architecture), ("objective", objective)):
        sidebar.locator(f".st-key-s_{key} label", has_text=names[value]).click()
        wait_for_app(page)
    apply = sidebar.get_by_role("button", name="Apply")
    expect(apply).to_be_enabled()
    apply.click()
    wait_for_app(page)
    expect(apply).to_be_disabled()
    expect(page.locator(NETWORK)).to_have_attribute("data-architecture", architecture)
    expect(page.locator(NETWORK)).to_have_attribute("data-objective", objective)


# --- 1. the drawn numbers are the record's ------------------------------------------------

@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_network_numbers_equal_the_record(page, app_server, architecture, objective):
    open_app(page, app_server)
    choose_model(page, architecture, objective)
    trainer = engine(architecture=architecture, objective=objective)
    words = trainer.vocab.words

    # Before any step the view previews the next step.
    expect(page.locator(f"{NETWORK} .preview")).to_be_visible()
    assert_view_is_record(page.evaluate(NETWORK_JS), trainer.preview(), words)

    click_control(page, "ctl_step10")
    click_control(page, "ctl_step")
    expect_steps(page, 11)
    trainer.step(10)
    record = trainer.step(1)
    view = page.evaluate(NETWORK_JS)
    assert view["heading"] == "Last step (11) in the text:"
    expect(page.locator(f"{NETWORK} .preview")).to_be_hidden()
    assert_view_is_record(view, record, words)
    assert_printed(counter(page, "step_loss").inner_text(), record.loss, 4)

    click_control(page, "ctl_step")          # the next step too: nothing stale is kept
    expect_steps(page, 12)
    assert_view_is_record(page.evaluate(NETWORK_JS), trainer.step(1), words)
    assert_clean(page, f"{architecture}/{objective}")


# --- 2. nothing clipped at 1280x720 -------------------------------------------------------

# Boxes of the parts that must be fully visible, and of what must stay inside its box.
LAYOUT_JS = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const out = {viewport: {x0: 0, y0: 0, x1: innerWidth, y1: innerHeight}, inside: [], overflow: []};
  const add = (name, el, parent) => out.inside.push({name, box: box(el), parent: box(parent)});
  const net = document.querySelector('.w2v-network');
  net.querySelectorAll('.stage').forEach((s, i) => {
    add(`stage ${i}`, s, net);
    if (s.scrollWidth > s.clientWidth + 1) {
      out.overflow.push(`stage ${i}: ${s.scrollWidth} > ${s.clientWidth}`);
    }
  });
  net.querySelectorAll('.math').forEach((m) => {
    const math = m.querySelector('math');
    if (!math) { out.overflow.push(`no MathML in ${m.dataset.m}`); return; }
    add(`math ${m.dataset.m}`, math, m);
    add(`math box ${m.dataset.m}`, m, m.closest('.stage'));
    if (m.scrollWidth > m.clientWidth + 1) {
      out.overflow.push(`math ${m.dataset.m}: ${m.scrollWidth} > ${m.clientWidth}`);
    }
  });
  for (const [sel, name] of [['.w2v-loss', 'loss chart'], ['.w2v-map', 'map']]) {
    const root = document.querySelector(sel);
    add(name, root.querySelector('svg'), root);
    add(`${name} root`, root, document.querySelector('[data-testid="stMain"]'));
  }
  const loss = document.querySelector('.w2v-loss');
  loss.querySelectorAll('svg text').forEach((t, i) => add(`loss text ${t.textContent}`, t, loss));
  const map = document.querySelector('.w2v-map svg');
  map.querySelectorAll('.labels g[visibility=visible] text')
    .forEach((t) => add(`map label ${t.textContent}`, t, map));
  out.scrollX = document.scrollingElement.scrollWidth > innerWidth;
  return out;
}
"""


def assert_inside(name: str, box: dict, outer: dict, what: str, tol: float = 1.0) -> None:
    assert (box["x0"] >= outer["x0"] - tol and box["y0"] >= outer["y0"] - tol
            and box["x1"] <= outer["x1"] + tol and box["y1"] <= outer["y1"] + tol), \
        f"{name} {box} not inside {what} {outer}"


VISIBLE = ("stage", "math", "loss chart", "map")   # must be inside the viewport too


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_nothing_clipped_at_1280x720(page, app_server, lang, objective):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, app_server, f"?lang={lang}")
    if objective != "softmax":
        radios = page.get_by_test_id("stSidebar").locator(".st-key-s_objective [role=radiogroup]")
        radios.locator("label").nth(1).click()
        wait_for_app(page)
        apply = re.compile("^(Apply|应用)$")
        page.get_by_test_id("stSidebar").get_by_role("button", name=apply).click()
        wait_for_app(page)
        expect(page.locator(NETWORK)).to_have_attribute("data-objective", objective)
    click_control(page, "ctl_step10")
    expect(counter(page, "step")).to_have_text("10")
    layout = page.evaluate(LAYOUT_JS)
    assert layout["overflow"] == [], layout["overflow"]
    assert not layout["scrollX"], "the page scrolls sideways"
    for item in layout["inside"]:
        if item["name"].endswith(" root"):   # the chart's root in the page: its caption
            item["box"]["y1"] = item["parent"]["y1"]   # may wrap below the fold, no more
        assert_inside(item["name"], item["box"], item["parent"], "its container")
        if item["name"].startswith(VISIBLE):
            assert_inside(item["name"], item["box"], layout["viewport"], "the 1280x720 viewport")
    assert_clean(page, f"1280x720 {lang} {objective}")


# --- 3. the map's labels do not overlap ---------------------------------------------------

LABELS_JS = """
() => {
  const svg = document.querySelector('.w2v-map svg');
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  return {svg: box(svg), points: svg.querySelectorAll('.pts circle').length,
          labels: [...svg.querySelectorAll('.labels g[visibility=visible] text')]
            .map((t) => ({word: t.textContent, ...box(t)}))};
}
"""


def assert_labels_apart(page, where: str) -> None:
    got = page.evaluate(LABELS_JS)
    labels = got["labels"]
    assert got["points"] >= 3, f"{where}: {got['points']} points on the map"
    assert len(labels) >= min(got["points"], 6), f"{where}: only {len(labels)} labels shown"
    for a_i, a in enumerate(labels):
        assert_inside(f"{where}: label {a['word']}", a, got["svg"], "the map")
        for b in labels[a_i + 1:]:
            overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            overlap_y = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            assert overlap_x <= 1 or overlap_y <= 1, f"{where}: {a} overlaps {b}"


@pytest.mark.parametrize("corpus", ["royalty", "fruit_drinks"])
def test_map_labels_do_not_overlap(page, app_server, corpus):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, app_server, f"?corpus={corpus}")
    assert_labels_apart(page, f"{corpus}, 0 steps")
    for n in range(1, 6):
        click_control(page, "ctl_step")
        expect_steps(page, n)
    assert_labels_apart(page, f"{corpus}, 5 steps")
    for n in range(1, 4):
        control(page, "ctl_epoch").click()
        expect(counter(page, "epoch")).to_have_text(str(n), timeout=60000)
        wait_for_app(page)
        assert_labels_apart(page, f"{corpus}, {n} epoch(s)")
    assert_clean(page, f"map labels {corpus}")


# --- 4. hover and focus show a unit's numbers ---------------------------------------------

def test_unit_rows_show_their_numbers_on_hover_and_focus(page, app_server):
    open_app(page, app_server)
    click_control(page, "ctl_step")
    expect_steps(page, 1)
    rows = page.locator(f"{NETWORK} .units tbody tr")
    tip = page.locator(f"{NETWORK} .w2v-tip")
    expect(tip).to_be_hidden()

    def expect_numbers(row) -> None:
        u = row.evaluate("(tr) => ({...tr.dataset})")
        expect(tip).to_be_visible()
        text = tip.inner_text()
        assert text.startswith(f"{u['word']}: "), text
        # "king: z = 0.0123, p = 0.0217, y = 0, e = 0.0217" (the names translated)
        z, p, y, e = (part.rsplit(" = ", 1)[1]
                      for part in text[len(u["word"]) + 2:].split(", "))
        for shown, name in ((z, "z"), (p, "p"), (e, "e")):
            assert_printed(shown, float(u[name]), 4)
        assert float(y) == float(u["y"])
        box, view = tip.bounding_box(), page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], box

    rows.nth(0).hover()
    expect_numbers(rows.nth(0))
    page.mouse.move(5, 5)
    expect(tip).to_be_hidden()
    rows.nth(1).focus()                       # keyboard: Tab reaches the rows
    expect_numbers(rows.nth(1))
    page.keyboard.press("Tab")
    expect_numbers(rows.nth(2))
    assert_clean(page, "unit tips")


# --- 5. Epoch: progress, the other buttons disabled, Stop keeps the steps done ------------

WATCH_CONTROLS_JS = """
() => {
  const count = () => document.querySelectorAll('.w2v-controls').length;
  window.__w2vMostControls = count();
  new MutationObserver(() => {
    window.__w2vMostControls = Math.max(window.__w2vMostControls, count());
  }).observe(document.body, {childList: true, subtree: true});
}
"""


def test_epoch_progress_and_stop_keeps_steps(page, app_server):
    open_app(page, app_server, "?vocab=5000&dim=50")
    caption = page.locator(".w2v-loss .caption").inner_text()
    match = re.search(r"V = 5,000 words, d = 50 .*?([\d,]+) steps per epoch", caption)
    assert match, caption
    units = int(match.group(1).replace(",", ""))

    epoch, progress = control(page, "ctl_epoch"), page.locator(".w2v-controls .progress")
    expect(progress).to_be_hidden()
    page.evaluate(WATCH_CONTROLS_JS)   # the first run after opening the page, start to end
    epoch.click()
    expect(epoch).to_have_attribute("data-send", "stop", timeout=15000)
    expect(epoch.locator(".label")).to_have_text("Stop")
    expect(epoch).to_be_enabled()
    for key in ("ctl_step", "ctl_step10", "ctl_play", "ctl_reset"):
        expect(control(page, key)).to_be_disabled()
    expect(progress).to_be_visible()
    expect(progress.locator(".text")).to_contain_text("Training 1 epoch(s)")
    value = "() => Number(document.querySelector('.w2v-controls .progress .bar')" \
            ".getAttribute('aria-valuenow'))"
    page.wait_for_function(f"({value})() >= 1", timeout=60000)
    first = page.evaluate(value)
    page.wait_for_function(f"({value})() > {first}", timeout=60000)   # it advances

    epoch.click()                                                      # Stop
    expect(epoch).to_have_attribute("data-send", "epoch", timeout=15000)
    expect(epoch.locator(".label")).to_have_text("Epoch")
    expect(progress).to_be_hidden()
    wait_for_app(page)
    done = step_count(page)
    assert 0 < done < units, (done, units)
    expect(counter(page, "epoch")).to_have_text("0")
    page.wait_for_timeout(1000)
    assert step_count(page) == done, "training went on after Stop"
    for key in ("ctl_step", "ctl_step10", "ctl_play", "ctl_reset"):
        expect(control(page, key)).to_be_enabled()
    click_control(page, "ctl_step")                                   # and on from there
    expect_steps(page, done + 1)
    # One set of controls all along: the live fragment keeps its place on the page when
    # its timer is set or dropped (a moved fragment left its old copy beside the new).
    assert page.evaluate("() => window.__w2vMostControls") == 1
    assert_clean(page, "epoch + stop")


# --- 6. the loss chart's log toggle is the browser's --------------------------------------

LOSS_STATE_JS = """
() => {
  const r = document.querySelector('.w2v-loss');
  return {log: r.w2vLogDrawn, checked: r.querySelector('.log input').checked,
          ticks: [...r.querySelectorAll('.frame text.tick')].map((t) => t.textContent),
          stored: sessionStorage.getItem('w2v.loss.log'),
          scriptStates: window.__w2vMut.scriptState.length};
}
"""


def test_loss_log_toggle_is_local_and_survives_a_page_switch(page, app_server):
    frames: list[str] = []
    page.on("websocket", lambda ws: (ws.on("framesent", lambda _: frames.append("sent")),
                                     ws.on("framereceived", lambda _: frames.append("received"))))
    open_app(page, app_server)
    for _ in range(3):
        click_control(page, "ctl_step10")
    expect_steps(page, 30)
    install_mutation_recorder(page)
    page.evaluate("() => { window.__w2vMut.scriptState = []; }")
    before = page.evaluate(LOSS_STATE_JS)
    assert before["checked"] is False and before["log"] is False
    controls_html = page.locator(".w2v-controls").inner_html()
    sent = len(frames)
    assert sent, "no websocket traffic seen at all: the check below could not fail"

    page.locator(".w2v-loss .log input").check()
    page.wait_for_timeout(800)                  # time for a round trip, if one happened
    after = page.evaluate(LOSS_STATE_JS)
    assert len(frames) == sent, f"the toggle talked to the server: {frames[sent:]}"
    assert after["scriptStates"] == 0, "a rerun ran"
    assert page.locator(".w2v-controls").inner_html() == controls_html
    assert step_count(page) == 30
    assert after["log"] is True and after["stored"] == "1"
    assert after["ticks"] != before["ticks"], "the axis did not change to a log scale"

    nav(page, 1)
    nav(page, 0)                                # the choice survives a page switch
    expect(page.locator(".w2v-loss .log input")).to_be_checked()
    again = page.evaluate(LOSS_STATE_JS)
    assert again["log"] is True and again["ticks"] == after["ticks"]

    box = page.locator(".w2v-loss svg").bounding_box()   # hover shows a point's numbers
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tip = page.locator(".w2v-loss .tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(re.compile(r"[Ss]tep \d+: \d\.\d+"))

    page.locator(".w2v-loss .log input").uncheck()
    assert page.evaluate(LOSS_STATE_JS)["stored"] == "0"
    assert page.evaluate(LOSS_STATE_JS)["ticks"] == before["ticks"]
    assert_clean(page, "log toggle")



def test_view_scripts_are_fetched_once_from_the_static_folder(page, app_server):
    """The views' scripts and stylesheets come from static/views/ (ui/live_view.py), once
    per page load however many Steps redraw the views (no view's CSS rides in the
    messages); the views still draw, styled."""
    fetched = []
    page.on("response", lambda r: fetched.append(r) if "/app/static/views/" in r.url else None)
    open_app(page, app_server)
    expect(page.locator(".w2v-network")).to_be_visible()
    for _ in range(3):
        click_control(page, "ctl_step")
    expect_steps(page, 3)
    files = sorted(r.url.rsplit("/", 1)[1] for r in fetched)
    assert len(files) == len(set(files)), files                   # each fetched once
    for ext, kinds in ((".js", ("text/javascript", "application/javascript")),
                       (".css", ("text/css",))):
        names = {f.split(".")[0] for f in files if f.endswith(ext)}
        assert {"controls", "network", "loss", "wordmap"} <= names, (ext, files)
        for r in fetched:
            if r.url.endswith(ext):
                assert r.status == 200
                assert r.headers["content-type"].split(";")[0] in kinds, r.headers
    linked = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
        .map(l => l.href).filter(h => h.includes('/app/static/views/'))""")
    assert len(linked) == len(set(linked)) >= 4                   # once per page
    # lib.css's rule for a view's root (position: relative) applies to every view
    positions = page.evaluate("""() => [...document.querySelectorAll(
        '.w2v-view')].map(e => getComputedStyle(e).position)""")
    assert positions and set(positions) == {"relative"}, positions
    assert_clean(page, "Train")


def test_play_updates_the_views_in_place(page, app_server):
    """During Play every refresh updates the mounted views in place: a refresh does not
    tear a view down and build it again (a script loaded by URL is called at once once
    loaded), and the counters never vanish for a frame."""
    open_app(page, app_server)
    counter_sel = '.w2v-controls [data-counter="step"] .value'
    expect(page.locator(counter_sel)).to_be_visible()
    page.evaluate("""(sel) => {
      window.w2vMissing = 0; window.w2vBuilt = []; window.w2vFrames = 0;
      const tick = () => {
        window.w2vFrames++;
        if (!document.querySelector(sel)) window.w2vMissing++;
        if (window.w2vFrames < 100000) requestAnimationFrame(tick);
      };
      tick();
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes)
          if (n.classList && n.classList.contains("w2v-view")) window.w2vBuilt.push(n.className);
      }).observe(document.body, { childList: true, subtree: true });
    }""", counter_sel)
    play = control(page, "ctl_play")
    play.click()
    expect(play).to_contain_text("Pause", timeout=10000)
    page.wait_for_timeout(3000)
    play.click()
    expect(play).to_contain_text("Play", timeout=10000)
    wait_for_app(page)
    missing, built, frames = page.evaluate("[window.w2vMissing, window.w2vBuilt, window.w2vFrames]")
    assert frames > 30 and step_count(page) > 10
    # a whole rerun (Play's start, a change of Play's rate under load) may rebuild the
    # views inside columns once; a refresh must not (that was every refresh: dozens)
    assert missing == 0 and len(built) <= 4, (missing, built)
    assert_clean(page, "Train after Play")
