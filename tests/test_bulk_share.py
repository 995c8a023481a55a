"""Epoch runs share the process fairly (ui/memory.py's slot, ui/load.py's quiet wait):
the bulk slot goes to its waiters in turn, and a bulk mini-batch waits for the other
fragment bodies (a Step, a redraw) but not for other Epoch runs."""

import threading
import time

import pytest

from ui import load
from ui.memory import FairSlots


def _until(check, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_the_slot_goes_to_its_waiters_first_come_first_served():
    slots, order = FairSlots(1), []
    slots.acquire()

    def take(name):
        with slots:
            order.append(name)

    threads = []
    for n, name in enumerate("abc", 1):
        t = threading.Thread(target=take, args=(name,))
        t.start()
        threads.append(t)
        _until(lambda n=n: len(slots._waiters) == n)
    slots.release()
    for t in threads:
        t.join(5)
    assert order == ["a", "b", "c"]
    assert slots._free == 1 and not slots._waiters


def test_a_release_hands_the_slot_over_the_releaser_queues_behind():
    slots, got = FairSlots(1), threading.Event()
    slots.acquire()
    waiter = threading.Thread(target=lambda: (slots.acquire(), got.set()))
    waiter.start()
    _until(lambda: len(slots._waiters) == 1)
    slots.release()                       # the waiter holds it now, not the free count
    assert slots._free == 0
    assert got.wait(5)
    again = threading.Thread(target=slots.acquire)
    again.start()                         # the old holder asks again: it waits its turn
    _until(lambda: len(slots._waiters) == 1)
    slots.release()
    again.join(5)
    slots.release()
    assert slots._free == 1


@pytest.fixture
def fresh_load(monkeypatch):
    monkeypatch.setattr(load, "_active", {})
    monkeypatch.setattr(load, "_training", set())


def test_bulk_training_waits_for_a_step_or_a_redraw(fresh_load):
    inside, leave = threading.Event(), threading.Event()

    def step():
        with load.timed():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=step)
    t.start()
    inside.wait(5)
    assert not load.wait_quiet(0.05)           # a body runs: not quiet (the wait ends)
    threading.Timer(0.05, leave.set).start()
    start = time.perf_counter()
    assert load.wait_quiet(5)                  # quiet as soon as it ended
    assert time.perf_counter() - start < 2
    t.join(5)
    assert not load._active


def test_epoch_runs_do_not_wait_for_each_other(fresh_load):
    inside, leave = threading.Event(), threading.Event()

    def epoch_waiting_for_the_slot():
        with load.timed(), load.training():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=epoch_waiting_for_the_slot)
    t.start()
    inside.wait(5)
    with load.timed(), load.training():
        assert load.wait_quiet(0.5)            # the other run trains (or waits): quiet
        start = time.perf_counter()
        assert load.wait_quiet(5)
        assert time.perf_counter() - start < 0.5
    leave.set()
    t.join(5)
    assert not load._active and not load._training


def test_an_epoch_redraw_waits_for_a_step_not_for_other_epoch_runs(fresh_load, monkeypatch):
    monkeypatch.setattr(load, "_bulk_bodies", set())
    other_epoch, step, leave = threading.Event(), threading.Event(), threading.Event()

    def body(ready, epoch):
        with load.timed():
            if epoch:
                load.wait_interactive(0.01)    # an Epoch run's body, redrawing
            ready.set()
            leave.wait(5)

    threads = [threading.Thread(target=body, args=(other_epoch, True))]
    threads[0].start()
    other_epoch.wait(5)
    with load.timed():
        assert load.wait_interactive(0.5)      # another Epoch run's redraw: no wait
        threads.append(threading.Thread(target=body, args=(step, False)))
        threads[1].start()
        step.wait(5)
        assert not load.wait_interactive(0.05)     # a Step runs: wait (at most 0.05 s)
    leave.set()
    for t in threads:
        t.join(5)
    assert not load._active and not load._bulk_bodies
