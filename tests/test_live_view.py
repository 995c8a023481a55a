"""ui/live_view.py: a view's script is published once as a static file (versioned by its
content) and its component carries a stub that imports it; messages go as JSON bytes."""

import json

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


def test_stub_imports_the_url_and_links_the_stylesheet():
    stub = live_view.STUB.format(path=json.dumps("app/static/views/loss.abc.js"),
                                 css=json.dumps("app/static/views/loss.def.css"))
    assert 'new URL("app/static/views/loss.abc.js", document.baseURI)' in stub
    assert "import(url)" in stub and "if (view) return view.default(component);" in stub
    assert 'const css = "app/static/views/loss.def.css";' in stub
    assert 'link.rel = "stylesheet"' in stub
    inline = live_view.STUB.format(path=json.dumps("x.js"), css=json.dumps(None))
    assert "const css = null;" in inline                    # styles sent inline instead


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
