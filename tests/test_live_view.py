"""ui/live_view.py: a view's script is published once as a static file (versioned by its
content) and its component carries a stub that imports it; messages go as JSON bytes."""

import json
import shutil
import subprocess
from urllib.parse import quote

import numpy as np
import pytest
from plotly.offline import get_plotlyjs  # the file Plotly's HTML export embeds

from ui import live_view


@pytest.fixture
def static_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(live_view, "STATIC", tmp_path / "views")
    return tmp_path / "views"


def test_publish_writes_the_whole_script_once_versioned(static_dir):
    source = live_view.script("loss")
    assert "function mount(" in source and "export default function" in source
    url = live_view.publish("loss", source)
    assert url.startswith(live_view.STATIC_URL) and url.endswith(".js")
    path = static_dir / url.rsplit("/", 1)[1]
    assert path.read_text(encoding="utf-8") == source
    assert live_view.publish("loss", source) == url          # the same content, one file
    newer = live_view.publish("loss", source + "\n// changed")
    assert newer != url and not path.exists()                # an older version goes
    assert sorted(p.name for p in static_dir.iterdir()) == [newer.rsplit("/", 1)[1]]


def test_unwritable_folder_means_inline_script(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(live_view, "STATIC", blocker / "views")   # a file, not a folder
    assert live_view.publish("loss", "x") is None


def test_publish_all_covers_every_view(static_dir):
    urls = live_view.publish_all()
    names = {u.rsplit("/", 1)[1].split(".")[0] for u in urls}
    assert "lib" not in names and {"controls", "network", "loss", "wordmap"} <= names
    assert len(list(static_dir.iterdir())) == len(urls)
    styles = {u.rsplit("/", 1)[1].split(".")[0] for u in urls if u.endswith(".css")}
    assert styles == names - {"plotly"}                     # every view's stylesheet too


def test_a_views_stylesheet_is_lib_css_then_its_own_published_beside_its_script(static_dir):
    css = live_view.style("loss")
    assert css.startswith(live_view._read("lib.css")) and ".w2v-loss" in css
    script_url = live_view.publish("loss", live_view.script("loss"))
    css_url = live_view.publish("loss", css, "css")
    assert css_url.startswith(live_view.STATIC_URL) and css_url.endswith(".css")
    assert (static_dir / css_url.rsplit("/", 1)[1]).read_text(encoding="utf-8") == css
    newer = live_view.publish("loss", css + "\n/* changed */", "css")
    assert sorted(p.name for p in static_dir.iterdir()) == sorted(
        u.rsplit("/", 1)[1] for u in (script_url, newer))   # the old stylesheet only goes


def _run_stub(modules: dict, main: str, calls: int) -> list:
    """The stub run by Node with ``modules`` as data: URLs: what ``calls`` calls of its
    default export return, and whether each returned at once or as a promise."""
    urls = {name: "data:text/javascript," + quote(source) for name, source in modules.items()}
    stub = live_view.STUB.format(modules=json.dumps(urls), styles="[]", main=json.dumps(main))
    driver = (stub.replace("export default function", "function draw")   # callable here
              + f"""
globalThis.document = {{ baseURI: "http://localhost/" }};
const out = [];
for (let i = 0; i < {calls}; i++) {{
  const got = draw({{ data: i }});
  out.push([got instanceof Promise, await got]);
}}
console.log(JSON.stringify(out));""")
    done = subprocess.run(["node", "--input-type=module", "-e", driver],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_stub_loads_every_module_then_calls_its_view_with_them():
    """A group's stub imports its own module and its parts'; the view is called with the
    component and every module; once loaded, every later call is synchronous (an update
    that waited for a promise could be overtaken by the next one)."""
    group = "export default (c, m) => ({data: c.data, parts: Object.keys(m).sort(), " \
            "loss: m.loss.default(c)});"
    loss = "export default (c) => 'loss ' + c.data;"
    out = _run_stub({"group": group, "loss": loss}, "group", 3)
    assert out[0] == [True, {"data": 0, "parts": ["group", "loss"], "loss": "loss 0"}]
    assert out[1:] == [[False, {"data": i, "parts": ["group", "loss"], "loss": f"loss {i}"}]
                       for i in (1, 2)]


def test_a_views_component_links_its_stylesheet_and_imports_its_script(static_dir):
    """The component of one view: its script and stylesheet by URL, nothing inline."""
    defined = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(live_view.st, "get_option", lambda name: True)
        mp.setattr(live_view.st.components.v2, "component",
                   lambda name, **kw: defined.setdefault(name, kw))
        live_view._define("loss")
        live_view._define("group", ["controls", "loss"])
    single, group = defined["w2v_viz.loss"], defined["w2v_viz.group.controls-loss"]
    assert "css" not in single and "function mount(" not in single["js"]
    files = sorted(p.name for p in static_dir.iterdir())
    assert [f.split(".")[0] for f in files] == ["controls", "controls", "group", "group",
                                                "loss", "loss"]
    for name in files:
        assert name in group["js"]                    # every module and stylesheet
    assert sum(name in single["js"] for name in files) == 2     # loss.js and loss.css


def test_encode_is_compact_utf8_json():
    message = {"word": "国王", "x": [1.5, 2], "none": None}
    raw = live_view.encode(message)
    assert isinstance(raw, bytes) and json.loads(raw) == message
    assert "国王".encode() in raw and b": " not in raw


def test_float_arrays_travel_as_their_bytes():
    """NumPy float arrays go as base64 of their float64 bytes, exact (NaN and infinities
    too, which JSON text cannot carry), any shape; decode reads them as the browser does."""
    loss = np.linspace(3.0, 1.0, 800) + 1e-13
    grid = np.array([[0.1, -2.5e-300, np.inf], [np.nan, 7.0, -0.0]])
    message = {"y": loss, "W": grid, "rows": np.zeros((0, 4)), "n": [1, 2], "word": "国王"}
    raw = live_view.encode(message)
    assert raw.count(b'"$f64"') == 3 and repr(float(loss[5])).encode() not in raw
    back = live_view.decode(raw)
    assert back["y"] == loss.tolist() and back["rows"] == [] and back["n"] == [1, 2]
    np.testing.assert_array_equal(np.array(back["W"]), grid)
    assert len(raw) < len(json.dumps(loss.tolist()))
    with pytest.raises(TypeError):
        live_view.encode({"ids": np.arange(3)})          # ints go as lists: say so


def test_plotly_js_is_the_installed_packages_file(static_dir):
    [url] = [u for u in live_view.publish_all() if u.rsplit("/", 1)[1].startswith("plotly.")]
    assert (static_dir / url.rsplit("/", 1)[1]).read_text(encoding="utf-8") == get_plotlyjs()
