"""The rerun rules of the live pages (ui/reruns.py), state by state: idle, stepping,
playing, bulk; which transitions rerun the whole app (the fragment's timer, the sidebar's
rate) and which rerun the fragment alone."""

import pytest

from ui import reruns
from ui.session import Bulk, Session
from w2v_viz import Config, Corpus, Trainer
from w2v_viz.corpora import CORPORA


@pytest.fixture
def state(monkeypatch):
    s = Session(trainer=Trainer(Corpus.from_text(CORPORA["royalty"].text()), Config()))
    s.shown_lr = s.trainer.config.lr
    monkeypatch.setattr(reruns, "session", lambda: s)
    return s


def test_each_state_has_its_timer(state):
    assert reruns.interval() is None                               # idle, stepping
    state.timer.playing = True
    assert reruns.interval() == reruns.PLAY_INTERVAL
    state.timer.bulk = Bulk(epochs=1, epochs_left=1)              # an Epoch run wins
    assert reruns.interval() == reruns.BULK_INTERVAL


@pytest.mark.parametrize("before, after, whole", [
    (None, None, False),          # a Step: the fragment alone
    (None, "play", True),         # Play pressed: the timer starts on a whole run
    ("play", "play", False),      # a Play refresh
    ("play", None, True),         # Pause, or the guard paused it: the timer stops
    (None, "epoch", True),        # Epoch pressed
    ("epoch", "epoch", False),    # an Epoch slice
    ("epoch", None, True),        # the Epoch run ended, was stopped or the guard stopped it
    ("play", "epoch", True),
])
def test_a_change_of_state_reruns_the_whole_app(state, before, after, whole):
    state.timer.playing = after == "play"
    state.timer.bulk = Bulk(epochs=1, epochs_left=1) if after == "epoch" else None
    assert reruns.whole_app_needed(reruns.INTERVALS[before]) is whole


def test_a_rate_changed_in_the_fragment_redraws_the_sidebar(state):
    assert not reruns.whole_app_needed(None)
    state.trainer.set_lr(state.shown_lr / 2)       # the guard's remedy, inside the fragment
    assert reruns.whole_app_needed(None)
    state.shown_lr = state.trainer.config.lr       # the sidebar drew it: done
    assert not reruns.whole_app_needed(None)


def test_a_page_without_the_sidebar_never_loops(state):
    state.shown_lr = None                          # a page's test: no sidebar drawn
    state.trainer.set_lr(0.5)
    assert not reruns.whole_app_needed(None)


def test_play_refreshes_less_often_when_the_process_is_busy_never_below_10_a_second(
        state, monkeypatch):
    from ui import load
    state.timer.playing = True
    monkeypatch.setattr(load, "_spans", load.deque())
    monkeypatch.setattr(load, "_level", [0])
    assert reruns.interval() == reruns.PLAY_INTERVAL

    def busy(share, cores=0.3, visitors=("a", "b")):
        with load._lock:
            load._spans.clear()
            for whose in visitors:
                load._spans.append((load.time.perf_counter(),
                                    share * load.WINDOW / len(visitors), whose))
        monkeypatch.setattr(load, "cpu_cores", lambda: cores)
        return reruns.interval()

    # a visitor alone (V = 5000: a refresh's body is long) shares with nobody: every refresh
    assert busy(0.9, visitors=("a",)) == reruns.PLAY_INTERVAL
    assert busy(0.7) == reruns.SLOW_PLAY_INTERVAL == 0.1      # busy: still 10 a second
    assert busy(0.5) == reruns.SLOW_PLAY_INTERVAL             # hysteresis
    assert busy(0.3) == reruns.PLAY_INTERVAL
    # script threads waiting for each other, CPU to spare: still 10 a second
    assert busy(3.0, cores=0.5) == reruns.SLOW_PLAY_INTERVAL
    # no CPU left (one GIL: about one core): fewer refreshes, not a queue
    assert busy(3.0, cores=0.95) == reruns.OVERLOAD_PLAY_INTERVAL == 0.2
    assert busy(3.0, cores=0.8) == reruns.OVERLOAD_PLAY_INTERVAL     # hysteresis
    assert busy(3.0, cores=0.6) == reruns.SLOW_PLAY_INTERVAL
    assert busy(0.7, visitors=("a",)) == reruns.PLAY_INTERVAL       # the others have left
    assert busy(0.7) == reruns.SLOW_PLAY_INTERVAL
    assert busy(0.1) == reruns.PLAY_INTERVAL


def test_cpu_cores_reads_the_process_cpu_over_the_window(monkeypatch):
    from ui import load
    monkeypatch.setattr(load, "_cpu", load.deque())
    monkeypatch.setattr(load, "_bulk_cpu", load.deque())
    assert load.cpu_cores() == 0.0
    now = load.time.perf_counter()
    with load._lock:
        load._cpu.extend([(now - 1.5, 10.0), (now - 0.5, 10.6), (now, 11.2)])
    assert load.cpu_cores() == pytest.approx(0.8)
    monkeypatch.setattr(load, "_bulk_cpu", load.deque([(now - 0.2, 0.9)]))   # an Epoch's
    assert load.cpu_cores() == pytest.approx(0.2)


def test_epoch_runs_sharing_the_process_redraw_less_often(state, monkeypatch):
    from ui import load
    monkeypatch.setattr(load, "_bulk", {})
    state.timer.bulk = Bulk(epochs=1, epochs_left=1)
    assert reruns.interval() == reruns.BULK_INTERVAL
    for n, expected in [(2, 0.4), (3, 0.8), (4, 0.8), (5, 1.6), (20, 3.2), (40, 3.2)]:
        for token in range(n):
            load.bulk_running(token)
        assert reruns.interval() == pytest.approx(expected), n
        load._bulk.clear()
    load.bulk_running("gone")
    load._bulk["gone"] -= 2 * reruns.MAX_BULK_INTERVAL     # between two slow refreshes:
    load.bulk_running("here")                              # still counted
    assert load.bulk_runs() == 2
    load._bulk["gone"] -= load.BULK_WINDOW         # a run that stopped training is forgotten
    assert load.bulk_runs() == 1
    load.bulk_ended("here")                        # an ended one at once
    assert load.bulk_runs() == 1 and not load._bulk
