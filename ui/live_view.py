"""Registers the live views of ``views/`` as Streamlit v2 components.

A view named ``x`` is ``views/x.py`` (its message) + ``views/x.js`` (+ ``x.css``); its
script is the shared ``views/lib.js`` followed by its own file, so every view mounts,
tears down and formats numbers the same way. Registered once per process (a definition,
like a function), not visitor state.

A component's script and styles travel inside every message that draws it, so each
view's ~25 KB script and 2-6 KB of CSS would be serialised, hashed and sent on every Step
and Play refresh. Instead both are written once per process to the app's static folder
(``static/views/``, served by Streamlit's ``server.enableStaticServing``) and the
component's own script is a stub that imports the script and links the stylesheet by URL:
the browser fetches each once and caches it. Where the folder cannot be written (a
read-only image), they go inline as before.

Every component on a page costs the server about the same on each rerun whatever it draws
(its mount, its message's trip through the event loop), so a page's views can share one:
``register_group`` draws several views, each in its own cell with its own script
(``views/group.js``), from one message.

plotly.js (for the Explore view only) is published the same way from the installed
``plotly`` package: ``plotly_js`` gives its URL, or None where it cannot be served.
"""

import base64
import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ROOT / "views"
STATIC = ROOT / "static" / "views"      # generated; served at app/static/views/
STATIC_URL = "app/static/views/"        # relative to the page: any base URL path works

# The stub: its URLs resolve against the page (document.baseURI). Once the modules and
# stylesheets are loaded the stub calls the view at once, as an inline script would be
# called: an update that waited for a promise could be overtaken by the next one (Play)
# and torn down. A stylesheet is linked once per page (the views' rules are all under
# their own .w2v-* class), and a view is first drawn with its styles (loaded or failed).
# The view gets every loaded module: a group (views/group.js) draws its parts with them.
STUB = """const modules = {modules};
const styles = {styles};
let loaded = null;
function stylesheet(css) {{
  const href = new URL(css, document.baseURI).href;
  const linked = (window.w2vStyles ??= new Map());
  if (!linked.has(href)) {{
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    linked.set(href, new Promise((done) => {{ link.onload = link.onerror = done; }}));
    document.head.append(link);
  }}
  return linked.get(href);
}}
export default function (component) {{
  if (loaded) return loaded[{main}].default(component, loaded);
  const names = Object.keys(modules);
  const imports = names.map((name) => import(new URL(modules[name], document.baseURI).href));
  return Promise.all([Promise.all(imports), ...styles.map(stylesheet)]).then(([got]) => {{
    loaded = Object.fromEntries(names.map((name, i) => [name, got[i]]));
    return loaded[{main}].default(component, loaded);
  }});
}}
"""


def _read(name: str) -> str:
    path = VIEWS / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


_registered: dict = {}   # name -> component definition (process-wide, like functions)
GROUP = "w2v_viz.group."  # a group's component name: this, then its views joined by "-"


def drawn_views(component_name: str) -> list[str]:
    """The views ("w2v_viz.x") a component draws: its own, or a group's parts."""
    if component_name.startswith(GROUP):
        return [f"w2v_viz.{view}" for view in component_name.removeprefix(GROUP).split("-")]
    return [component_name]


def register(name: str):
    """The component that draws ``views/<name>.js``; call it as
    ``component(data=message, key=..., on_<state>_change=...)``. Registered once per
    process, however many page runs ask for it."""
    if name not in _registered:
        _registered[name] = _define(name)
    component = _registered[name]

    def draw(data, **kwargs):
        return component(data=encode(data), **kwargs)
    return draw


def register_group(rows):
    """Several views drawn by one component (``views/group.js``): ``rows`` of (view, width
    weight) pairs, e.g. ``((("network", 1),), (("loss", 3), ("wordmap", 2)))``; call it
    as ``draw({view: message, ...}, key=...)``. Each component on a page costs the server
    about the same per rerun whatever its data, so a page's views share one. Where the
    views' files cannot be served, each view is its own component in ``st.columns``."""
    rows = tuple(tuple((view, weight) for view, weight in row) for row in rows)
    views = [view for row in rows for view, _ in row]
    name = "group." + "-".join(views)
    if name not in _registered:
        _registered[name] = _define("group", views)
    component = _registered[name]
    if component is None:
        return _columns(rows)

    def draw(messages: dict, **kwargs):
        return component(data=encode({"rows": rows, "parts": messages}), **kwargs)
    return draw


def _columns(rows):
    """A group's fallback: its views one component each, laid out by Streamlit."""
    parts = {view: register(view) for row in rows for view, _ in row}

    def draw(messages: dict, key: str, **kwargs):
        for row in rows:
            cells = (st.columns([w for _, w in row], gap="medium") if len(row) > 1
                     else [st.container()])
            for cell, (view, _) in zip(cells, row):
                with cell:
                    parts[view](messages[view], key=f"{key}.{view}", **kwargs)
    return draw


def encode(message: dict) -> bytes:
    """A view's message as JSON bytes (``viewData`` in lib.js reads them): Streamlit
    forwards bytes as they are, where a dict is scanned for dataframes and encoded twice.
    NumPy float arrays travel as their bytes, ``{"$f64": base64, "shape": [...]}``
    (little-endian float64; lib.js turns them back into plain, nested arrays): writing
    hundreds of floats as decimal text is most of a long loss curve's cost."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"),
                      default=_packed).encode()


def _packed(value):
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return {"$f64": base64.b64encode(value.astype("<f8").tobytes()).decode("ascii"),
                "shape": list(value.shape)}
    raise TypeError(f"{type(value).__name__} cannot go in a view's message")


def decode(raw: bytes) -> dict:
    """A message as the browser reads it (lib.js's ``viewData``): packed arrays as lists."""
    return json.loads(raw, object_hook=_unpacked)


def _unpacked(obj: dict):
    if isinstance(obj.get("$f64"), str):
        flat = np.frombuffer(base64.b64decode(obj["$f64"]), dtype="<f8")
        return flat.reshape(obj["shape"]).tolist()
    return obj


def script(name: str) -> str:
    """The view's whole script: lib.js, then its own file."""
    return _read("lib.js") + "\n" + _read(f"{name}.js")


def style(name: str) -> str:
    """The view's whole stylesheet: lib.css, then its own file."""
    return _read("lib.css") + "\n" + _read(f"{name}.css")


def publish(name: str, source: str, kind: str = "js") -> str | None:
    """Write ``source`` as the static file of view ``name`` (``kind``: "js" or "css";
    atomically: replicas may share the folder); its URL relative to the page, versioned
    by content so a browser never runs an old copy. None when the folder cannot be
    written."""
    version = hashlib.sha256(source.encode()).hexdigest()[:12]
    path = STATIC / f"{name}.{version}.{kind}"
    try:
        if not path.exists():
            STATIC.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=STATIC, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(source)
            os.replace(tmp, path)
        for old in STATIC.glob(f"{name}.*.{kind}"):
            if old != path:
                old.unlink(missing_ok=True)     # an earlier version of this view
    except OSError:
        return None
    return STATIC_URL + path.name


def publish_all() -> list[str]:
    """Write every view's static script and stylesheet and plotly.js now (an image's build
    step: then a replica whose files are read-only still serves them)."""
    names = sorted(f.stem for f in VIEWS.glob("*.js") if f.stem != "lib")
    return [*(publish(name, script(name)) for name in names),
            *(publish(name, style(name), "css") for name in names),
            publish("plotly", _plotly_source())]


_plotly: list = []      # plotly.js's URL once published (process-wide, like the views')


def plotly_js() -> str | None:
    """The URL of plotly.js from the installed ``plotly`` package (its ``plotly.min.js``,
    the file Plotly's own HTML export embeds), published once per process; None where
    static files are not served or the file cannot be written."""
    if not _plotly:
        _plotly.append(publish("plotly", _plotly_source())
                       if st.get_option("server.enableStaticServing") else None)
    return _plotly[0]


def _plotly_source() -> str:
    spec = importlib.util.find_spec("plotly")          # its folder, without importing Plotly
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


def _define(name: str, parts=()):
    """The component of view ``name`` (with ``parts``, a group of those views). A group
    whose files cannot be served is None (``register_group`` lays its views out instead)."""
    views = [name, *parts]
    served = st.get_option("server.enableStaticServing")
    urls = {view: publish(view, script(view)) if served else None for view in views}
    styles = [publish(view, style(view), "css") for view in views] if served else []
    if None in urls.values() or None in styles:
        if parts:
            return None
        return st.components.v2.component(f"w2v_viz.{name}", js=script(name),
                                          css=style(name), isolate_styles=False)
    return st.components.v2.component(
        GROUP + "-".join(parts) if parts else f"w2v_viz.{name}",
        js=STUB.format(modules=json.dumps(urls), styles=json.dumps(styles),
                       main=json.dumps(name)),
        isolate_styles=False,   # the page's fonts and theme colours apply
    )
