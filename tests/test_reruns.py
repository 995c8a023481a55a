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
    monkeypatch.setattr(load, "_gaps", load.deque())
    monkeypatch.setattr(load, "_entered", [])
    monkeypatch.setattr(load, "_changed", [0.0])
    assert reruns.interval() == reruns.PLAY_INTERVAL

    def busy(share, cores=0.3, visitors=("a", "b"), late=None, settled=True):
        """The interval when the bodies took ``share`` of the wall time, the process
        used ``cores`` and the refreshes came ``late`` times their interval apart;
        ``settled``: the last change of level was long ago."""
        with load._lock:
            load._spans.clear()
            for whose in visitors:
                load._spans.append((load.time.perf_counter(),
                                    share * load.WINDOW / len(visitors), whose))
        monkeypatch.setattr(load, "cpu_cores", lambda: cores)
        if late is not None:
            asked = reruns.interval()
            load._gaps.clear()
            for _ in range(load.LATE_SAMPLES):
                load.play_refreshed(late * asked, asked)
        if settled:
            load._changed[0] = float("-inf")
        return reruns.interval()

    # a visitor alone (V = 5000: a refresh's body is long) shares with nobody: every refresh
    assert busy(0.9, visitors=("a",)) == reruns.PLAY_INTERVAL
    assert busy(0.7) == reruns.SLOW_PLAY_INTERVAL == 0.08     # busy: still >= 10 a second
    assert busy(0.3) == reruns.SLOW_PLAY_INTERVAL     # hysteresis: half the refreshes, less work
    assert busy(0.3, cores=0.1) == reruns.PLAY_INTERVAL      # well below: every refresh
    assert busy(0.7, cores=0.6) == reruns.SLOW_PLAY_INTERVAL
    # script threads waiting for each other, CPU to spare, refreshes on time: 10 a second
    assert busy(3.0, cores=0.5, late=1.05) == reruns.SLOW_PLAY_INTERVAL
    # no CPU left (one GIL: about one core): fewer refreshes, not a queue
    assert busy(3.0, cores=0.95) == 0.16
    assert busy(3.0, cores=0.95, settled=False) == 0.16     # the new level's readings first
    # refreshes merged (late): the process cannot give them, so fewer again
    assert busy(3.0, cores=0.6, late=1.5) == 0.32
    assert busy(3.0, cores=0.3) == 0.32                       # hysteresis
    assert busy(3.0, cores=0.25) == 0.16      # well below what it used then: back a level
    assert busy(3.0, cores=0.45) == 0.16      # ... judged against that level's reading
    assert busy(3.0, cores=0.2) == reruns.SLOW_PLAY_INTERVAL
    assert busy(3.0, cores=0.28) == reruns.SLOW_PLAY_INTERVAL
    for _ in range(6):                                       # never slower than the last
        busy(3.0, cores=0.95)
    assert reruns.interval() == reruns.PLAY_INTERVALS[-1] == 0.64
    assert busy(0.7, visitors=("a",), cores=0.1) == reruns.PLAY_INTERVAL   # the others left
    assert busy(0.7) == reruns.SLOW_PLAY_INTERVAL
    assert busy(0.1, cores=0.1) == reruns.PLAY_INTERVAL


def test_lateness_is_the_refreshes_gaps_over_what_their_timers_asked(monkeypatch):
    from ui import load
    monkeypatch.setattr(load, "_gaps", load.deque())
    for _ in range(load.LATE_SAMPLES - 1):
        load.play_refreshed(0.3, 0.1)
    assert load.lateness() == 1.0                  # too few to say
    load.play_refreshed(0.1, 0.1)
    assert load.lateness() == pytest.approx((7 * 0.3 + 0.1) / 0.8)
    load.play_refreshed(60.0, 0.1)                 # a pause in between: capped
    assert load.lateness() == pytest.approx((7 * 0.3 + 0.1 + 0.4) / 0.9)
    with load._lock:
        load._gaps[0] = (load._gaps[0][0] - 2 * load.WINDOW, 0.3, 0.1)   # long ago
    assert load.lateness() == pytest.approx((6 * 0.3 + 0.1 + 0.4) / 0.8)


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


def test_a_change_of_load_reruns_the_whole_app_one_visitor_at_a_time(state, monkeypatch):
    from ui import load
    monkeypatch.setattr(load, "_last_rerun", [float("-inf")])
    state.timer.playing = True
    monkeypatch.setattr(load, "play_level", lambda top: 1)          # the process is busy
    slow = reruns.SLOW_PLAY_INTERVAL
    assert not reruns.whole_app_needed(slow)
    # the players' timers were set unloaded: the first to ask reruns, the next waits
    assert reruns.whole_app_needed(reruns.PLAY_INTERVAL)
    assert not reruns.whole_app_needed(reruns.PLAY_INTERVAL)        # its refresh goes on
    load._last_rerun[0] -= load.RERUN_GAP
    assert reruns.whole_app_needed(reruns.PLAY_INTERVAL)            # its turn came
    # a change of state never waits: Pause, or an Epoch run started
    state.timer.playing = False
    assert reruns.whole_app_needed(slow) and reruns.whole_app_needed(slow)
    state.timer.bulk = Bulk(epochs=1, epochs_left=1)
    assert reruns.whole_app_needed(slow) and reruns.whole_app_needed(slow)
    # Epoch runs sharing the process: their timer is a change of load too
    monkeypatch.setattr(load, "bulk_runs", lambda: 3)
    assert reruns.interval() in reruns.BULK_INTERVALS
    assert not reruns.whole_app_needed(reruns.BULK_INTERVAL)        # within RERUN_GAP
    for n in range(1, 40):
        monkeypatch.setattr(load, "bulk_runs", lambda n=n: n)
        assert reruns.interval() in reruns.BULK_INTERVALS
    assert not set(reruns.BULK_INTERVALS) & set(reruns.PLAY_INTERVALS)
