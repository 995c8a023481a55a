"""A Streamlit visitor without a browser: Streamlit's own websocket protocol, as the
browser's frontend speaks it (``streamlit.proto`` BackMsg/ForwardMsg on ``/_stcore/stream``).

What the browser does, and this client does too (checked against a real Chromium's frames):

* loads the page over HTTP first (behind HAProxy that sets the sticky cookie), then opens
  the websocket with those cookies and the ``streamlit`` subprotocol;
* sends ``rerun_script`` with the page's query string; the app rewrites the URL
  (``page_info_changed``), and every later request carries the current one;
* presses a v2 component's trigger: the component (found by its name in the ``delta``
  messages, ``bidi_component.component_name``) has one trigger widget,
  ``$$STREAMLIT_INTERNAL_KEY_<component id>__events``, whose ``json_trigger_value`` is
  ``[{"event": "<trigger>", "value": true}]``; the rerun names the element's fragment
  (``delta.fragment_id``), so only that fragment reruns;
* on ``auto_rerun`` (``st.fragment(run_every=...)``) reruns that fragment every
  ``interval`` seconds with ``is_auto_rerun`` set, whether or not the last one has
  finished (a browser timer); a full run (no fragment ids) or ``stop_auto_rerun`` clears
  the timers;
* keeps Streamlit's message cache: hashes of cacheable messages it holds go with each
  request, and the server then sends ``ref_hash`` instead of the message.

Not done: the browser echoes every widget's value with each request; this client sends
only the trigger it presses (the server keeps the other widgets' last values).
Works in plain threads and under gevent (Locust patches the sockets).
"""

from __future__ import annotations

import http.cookiejar
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import websocket
from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

FINISHED = ForwardMsg.ScriptFinishedStatus
EARLY = FINISHED.FINISHED_EARLY_FOR_RERUN


class ProtocolError(RuntimeError):
    """The server closed the stream, timed out, or sent what no browser would accept."""


@dataclass
class Element:
    """A widget the client can press: its widget id and the fragment it lives in."""
    id: str
    fragment_id: str
    data: bytes | str = ""      # a v2 component's JSON data (bytes: ui/live_view.encode)


@dataclass
class RunResult:
    status: int
    seconds: float
    fragment: bool
    exceptions: int


GROUP = "w2v_viz.group."


def draws(component_name: str, view: str) -> bool:
    """Whether the component ``component_name`` draws the view ``view`` ("w2v_viz.x"):
    it is that view's, or a group of views with it (``ui/live_view.register_group``)."""
    parts = (component_name.removeprefix(GROUP).split("-")
             if component_name.startswith(GROUP) else ())
    return component_name == view or view.removeprefix("w2v_viz.") in parts


class StreamlitClient:
    """One visitor. ``open()`` loads the page and waits for its first run; ``press()``
    sends a trigger and waits for the run it causes; ``on_refresh`` is called after each
    finished auto-rerun (Play's timer)."""

    def __init__(self, base_url: str, query: str = "", timeout_s: float = 60.0,
                 on_refresh: Callable[[RunResult], None] | None = None):
        self.base_url = base_url.rstrip("/")
        self.query = query.lstrip("?")
        self.timeout_s = timeout_s
        self.on_refresh = on_refresh
        self.components: dict[str, Element] = {}     # by component name
        self.buttons: dict[str, Element] = {}        # st.button, by label
        self.exceptions: list[str] = []              # tracebacks the server sent
        self.bytes_received = 0                      # websocket payload from the server
        self.page_hash = ""
        self.session_id = ""
        self.closed_reason = ""
        self._ws: websocket.WebSocket | None = None
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}   # hash -> (msg, last run used)
        self._max_age = 2
        self._runs_seen = 0
        self._lock = threading.Lock()
        self._finished = threading.Condition(self._lock)
        self._results: list[tuple[int, ForwardMsg, float, float]] = []   # n, msg, start, end
        self._n_results = 0
        self._timers: dict[str, float] = {}        # fragment id -> interval
        self._timer_threads: dict[str, threading.Thread] = {}
        self._auto_sent: dict[str, list[float]] = {}
        self._stopping = False
        self._run_started: dict[str, float] = {}       # script run id -> its start

    # -- connection -------------------------------------------------------------------
    def open(self, path: str = "") -> RunResult:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = f"{self.base_url}/{path}" + (f"?{self.query}" if self.query else "")
        for url in (page, f"{self.base_url}/_stcore/host-config"):
            with opener.open(url, timeout=self.timeout_s) as resp:   # noqa: S310 (loopback)
                resp.read()
        cookies = {c.name: c.value for c in jar}
        self.cookies = cookies
        ws_url = "ws" + self.base_url[4:] + "/_stcore/stream"
        protocols = ["streamlit", cookies.get("_streamlit_xsrf", "")]
        self._ws = websocket.create_connection(
            ws_url, timeout=self.timeout_s, subprotocols=protocols, origin=self.base_url,
            cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
            enable_multithread=True)
        threading.Thread(target=self._read_loop, daemon=True, name="st-reader").start()
        return self._request(self._client_state(), wait=True)

    def close(self) -> None:
        """Stop the timers and the stream. Takes no lock: Locust may call it from a
        greenlet it just killed inside a wait (the waiters time out within a second)."""
        self._stopping = True
        self._timers.clear()
        if self._ws is not None:
            try:
                self._ws.close()
            except OSError:
                pass

    # -- actions ----------------------------------------------------------------------
    def component(self, name: str) -> Element:
        """The component that draws the view ``name``: its own, or a group of views with
        it (``ui/live_view.py``'s ``register_group``: "w2v_viz.group.controls-network-...")."""
        for full, el in self.components.items():
            if draws(full, name):
                return el
        raise ProtocolError(f"no component {name!r} on the page "
                            f"(found: {sorted(self.components)})")

    def press(self, component: str, trigger: str, wait: bool = True,
              until: Callable[[], bool] | None = None) -> RunResult | None:
        """Press a v2 component's trigger (as its JS ``setTriggerValue(trigger, true)``);
        with ``until``, wait for the first finished run after which it holds (while a
        timer reruns the fragment, a run may finish that began before the press)."""
        el = self.component(component)
        state = self._client_state(el.fragment_id)
        w = state.rerun_script.widget_states.widgets.add()
        w.id = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{el.id}{EVENT_DELIM}events"
        w.json_trigger_value = json.dumps([{"event": trigger, "value": True}])
        return self._request(state, wait, until)

    def click(self, label: str, wait: bool = True) -> RunResult | None:
        """Click an ``st.button`` by its label."""
        if label not in self.buttons:
            raise ProtocolError(f"no button {label!r} (found: {sorted(self.buttons)})")
        el = self.buttons[label]
        state = self._client_state(el.fragment_id)
        w = state.rerun_script.widget_states.widgets.add()
        w.id, w.trigger_value = el.id, True
        return self._request(state, wait)

    def playing(self) -> bool:
        return bool(self._timers)

    # -- internals --------------------------------------------------------------------
    def _client_state(self, fragment_id: str = "", auto: bool = False):
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        with self._lock:
            cs.cached_message_hashes.extend(self._cache)
        cs.context_info.timezone, cs.context_info.locale = "UTC", "en-US"
        cs.context_info.url = f"{self.base_url}/" + (f"?{self.query}" if self.query else "")
        return msg

    def _send(self, msg: BackMsg) -> None:
        if self._ws is None or self.closed_reason:
            raise ProtocolError(f"stream closed: {self.closed_reason or 'not open'}")
        self._ws.send_binary(msg.SerializeToString())

    def _request(self, msg: BackMsg, wait: bool,
                 until: Callable[[], bool] | None = None) -> RunResult | None:
        """Send a rerun; with ``wait``, block until a run that started after it and was
        not cut short for another rerun finishes (the run it caused or asked for)."""
        t0 = time.perf_counter()
        self._send(msg)
        if not wait:
            return None
        deadline = t0 + self.timeout_s
        seen = 0
        with self._lock:
            while True:
                for n, fmsg, started, at in self._results:
                    if (n > seen and started >= t0 and fmsg.script_finished != EARLY
                            and (until is None or until())):
                        return RunResult(fmsg.script_finished, at - t0,
                                         bool(fmsg.metadata.run.fragment_ids),
                                         len(self.exceptions))
                    seen = max(seen, n)
                left = deadline - time.perf_counter()
                if self.closed_reason or left <= 0:
                    raise ProtocolError(self.closed_reason or
                                        f"no script_finished after {self.timeout_s:.0f} s")
                self._finished.wait(timeout=min(left, 1.0))

    def _read_loop(self) -> None:
        try:
            while not self._stopping:
                raw = self._ws.recv()
                if not raw:
                    raise ProtocolError("the server closed the stream")
                self.bytes_received += len(raw)
                self._handle(ForwardMsg.FromString(raw))
        except Exception as error:  # noqa: BLE001 - any failure ends this visitor's stream
            with self._lock:
                self.closed_reason = self.closed_reason or (
                    "closed" if self._stopping else f"{type(error).__name__}: {error}")
                self._timers.clear()
                self._finished.notify_all()

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            with self._lock:
                cached = self._cache.get(msg.ref_hash)
                if cached is not None:
                    self._cache[msg.ref_hash] = (cached[0], self._runs_seen)
            if cached is None:
                raise ProtocolError(f"ref_hash {msg.ref_hash} not in the client's cache")
            ref_meta = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached[0])
            msg.metadata.CopyFrom(ref_meta)
            kind = "delta"
        if msg.metadata.cacheable and msg.hash:
            with self._lock:
                self._cache[msg.hash] = (msg, self._runs_seen)
        elif kind == "script_finished" and msg.script_finished != EARLY:
            self._age_cache(set(msg.metadata.run.fragment_ids))
        if kind == "delta":
            self._on_delta(msg)
        elif kind == "new_session":
            self._on_new_session(msg)
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self._arm(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            with self._lock:
                for fid in msg.stop_auto_rerun.fragment_ids:
                    self._timers.pop(fid, None)
        elif kind == "script_finished":
            self._on_finished(msg)

    def _on_delta(self, msg: ForwardMsg) -> None:
        el = msg.delta.new_element
        which = el.WhichOneof("type") if msg.delta.WhichOneof("type") == "new_element" else None
        if which == "bidi_component":
            bc = el.bidi_component
            self.components[bc.component_name] = Element(bc.id, msg.delta.fragment_id,
                                                          bc.bytes or bc.json)
        elif which == "button":
            self.buttons[el.button.label] = Element(el.button.id, msg.delta.fragment_id)
        elif which == "exception":
            self.exceptions.append(f"{el.exception.type}: {el.exception.message}")

    def _on_new_session(self, msg: ForwardMsg) -> None:
        ns = msg.new_session
        if ns.HasField("initialize"):
            self.session_id = ns.initialize.session_id
        self._max_age = ns.config.max_cached_message_age or self._max_age
        with self._lock:
            if not msg.metadata.run.fragment_ids:       # a full run: timers are set anew
                self._timers.clear()
            self._run_started[msg.metadata.run.script_run_id] = time.perf_counter()
            while len(self._run_started) > 64:
                self._run_started.pop(next(iter(self._run_started)))

    def _age_cache(self, fragment_ids: set[str]) -> None:
        """The frontend's ForwardMsgCache: a finished run ages the cache; a message older
        than max_cached_message_age runs goes, but a fragment's run ages only its own."""
        with self._lock:
            self._runs_seen += 1
            stale = [h for h, (m, seen) in self._cache.items()
                     if (not fragment_ids or m.delta.fragment_id in fragment_ids)
                     and self._runs_seen - seen > self._max_age]
            for h in stale:
                del self._cache[h]

    def _on_finished(self, msg: ForwardMsg) -> None:
        now = time.perf_counter()
        fragment_ids = list(msg.metadata.run.fragment_ids)
        with self._lock:
            started = self._run_started.pop(msg.metadata.run.script_run_id, now)
            self._n_results += 1
            self._results.append((self._n_results, msg, started, now))
            del self._results[:-64]
            self._finished.notify_all()
            served = []     # the timer's requests this run answered (queued ones coalesce)
            for fid in fragment_ids:
                queue = self._auto_sent.get(fid) or []
                served += [t for t in queue if t <= started]
                queue[:] = [t for t in queue if t > started]
        if served and msg.script_finished != EARLY and self.on_refresh is not None:
            self.on_refresh(RunResult(msg.script_finished, now - min(served), True,
                                      len(self.exceptions)))

    def _arm(self, fragment_id: str, interval: float) -> None:
        with self._lock:
            self._timers[fragment_id] = interval
            if fragment_id in self._timer_threads:
                return              # its thread goes on, at the new interval
            thread = threading.Thread(target=self._tick, args=(fragment_id,), daemon=True,
                                      name="st-timer")
            self._timer_threads[fragment_id] = thread
        thread.start()

    def _tick(self, fragment_id: str) -> None:
        """A browser's setInterval: fire every interval, finished or not. The thread
        leaves its place under the lock: a timer armed again as it ends (a full run
        clears the timers, its auto_rerun sets them again) starts a new thread, where
        one that found it alive left the student with no timer at all."""
        next_at = time.perf_counter()
        while True:
            with self._lock:
                interval = self._timers.get(fragment_id)
                if interval is None or self._stopping or self.closed_reason:
                    self._auto_sent.pop(fragment_id, None)
                    self._timer_threads.pop(fragment_id, None)
                    return
            next_at += interval
            time.sleep(max(0.0, next_at - time.perf_counter()))
            with self._lock:
                if fragment_id not in self._timers:
                    continue
                self._auto_sent.setdefault(fragment_id, []).append(time.perf_counter())
                del self._auto_sent[fragment_id][:-1000]
            try:
                self._send(self._client_state(fragment_id, auto=True))
            except (ProtocolError, OSError, websocket.WebSocketException):
                with self._lock:
                    self._timer_threads.pop(fragment_id, None)
                return
