"""AppTest helpers shared by the test files: a new session of the app, and access to the
browser components of the live pages (``ui/live_view.py``, ``views/``): their data as the
browser receives it, and the controls' clicks as the browser sends them.

AppTest has no API for ``st.components.v2`` elements, so ``press`` builds the widget
state the browser sends for a click (the component's trigger, ``{"event", "value"}``),
and ``pick`` the one for a word picked above an Embeddings table, with AppTest's
internals; a Streamlit upgrade that changes them fails these tests loudly, it cannot make
them pass by accident."""

import json
from pathlib import Path

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from ui.live_view import GROUP, decode, drawn_views
from ui.session import KEY as SESSION_KEY
from ui.session import Session

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60
PAGES = [f"app_pages/{name}.py" for name in
         ("train", "softmax", "gradients", "embeddings", "theory")]
CONTROLS, NETWORK, LOSS, MAP = (f"w2v_viz.{name}" for name in
                                ("controls", "network", "loss", "wordmap"))
THEORY_PANEL = "w2v_viz.theory_panel"
# the Embeddings page: the word map, the similarity heatmap, the two ranked tables
EMB_MAP, EMB_SIM, EMB_TABLE = "w2v_viz.embeddings", "w2v_viz.similarity", "w2v_viz.neighbours"
SOFTMAX, GRADIENTS = "w2v_viz.softmax", "w2v_viz.gradients"   # the Softmax page draws two


def components(at, name: str) -> list:
    """Every component that draws the view ``name`` on the page, in page order."""
    return [e for e in at.get("bidi_component")
            if name in drawn_views(e.proto.component_name)]


def all_data(at, name: str) -> list:
    """The data of the view ``name`` in every component that draws it, in page order."""
    return [_part(e, name) for e in components(at, name)]


def _part(element, name: str) -> dict:
    message = decode(element.proto.bytes)
    if element.proto.component_name.startswith(GROUP):
        return message["parts"][name.removeprefix("w2v_viz.")]
    return message


def open_app(**query) -> AppTest:
    """A new session; query parameters (e.g. lang="zh") are set before its first run."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def session(at: AppTest) -> Session:
    """The app's own state of the session (``ui/session.py``; widgets keep their keys)."""
    return at.session_state[SESSION_KEY]


def with_trainer(at: AppTest, trainer) -> AppTest:
    """A page run without app.py: give its session a trainer before the first run."""
    at.session_state[SESSION_KEY] = Session(trainer=trainer)
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def component(at, name: str):
    """The (first) component that draws the view ``name``."""
    return components(at, name)[0]


def data(at, name: str) -> dict:
    """The data the view ``name`` was last drawn with."""
    return all_data(at, name)[0]


def keyed(at, key: str) -> dict:
    """The data of the component drawn with ``key`` (a page may draw one view twice)."""
    return decode(next(e for e in at.get("bidi_component")
                           if e.proto.id.endswith(f"-{key}")).proto.bytes)


def counters(at) -> dict:
    """The controls' counters as shown: {"step": "1,234", "epoch": "0", "loss": "3.804",
    "step_loss": "3.92"}."""
    return {c["key"]: c["value"] for c in data(at, CONTROLS)["counters"]}


def labels(at) -> dict:
    return data(at, CONTROLS)["labels"]


def press(at, action: str, finish: bool = True):
    """Click a control ("step", "step10", "epoch", "play", "pause", "stop", "reset") and
    rerun. An Epoch run trains a slice per refresh (a timer in the browser): with
    ``finish`` the refreshes are run here until it ends."""
    at = _click(at, action)
    while finish and _bulk(at):
        at = at.run()
    return at


def _bulk(at):
    try:
        return session(at).timer.bulk
    except KeyError:       # a page run without app.py's state
        return None


def _click(at, action: str):
    return _trigger(at, component(at, CONTROLS).proto.id, action, True)


def pick(at, key: str, name: str, word: str):
    """Type ``word`` in the input ``name`` above the Embeddings table drawn with ``key``
    ("emb_nb": "query"; "emb_analogy": "a", "b", "c") and rerun."""
    element = next(e for e in at.get("bidi_component") if e.proto.id.endswith(f"-{key}"))
    return _trigger(at, element.proto.id, "pick", {"name": name, "word": word})


def _trigger(at, element_id: str, event: str, value):
    states = WidgetStates()
    states.CopyFrom(at._tree.get_widget_states())
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(element_id, "events")
    trigger.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return at._run(states)
