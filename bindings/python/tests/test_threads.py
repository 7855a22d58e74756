"""The GIL is released around calls into the library, and handles shared
between threads are used one thread at a time."""

from __future__ import annotations

import threading
import time

import datasset
from datasset import policy as P
from datasset.translog import Log

from test_policy import generated_applications


def test_gil_released_during_a_long_call():
    doc = generated_applications(6000)
    apps = P.Applications.parse(doc)
    policy = P.Policy.bundled()
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        time.sleep(0.01)
        for _ in range(5):
            t0 = time.monotonic()
            awards = P.evaluate(apps, policy)  # one C call: ds_policy_evaluate
            t1 = time.monotonic()
            if t1 - t0 > 0.05:
                break
    finally:
        stop.set()
        t.join()
    span = t1 - t0
    assert span > 0.05, f"the call was too quick to tell ({span:.3f} s)"
    lo, hi = t0 + span * 0.3, t1 - span * 0.3
    during = [x for x in ticks if lo < x < hi]
    # With the GIL held, no tick could happen in the middle of the call.
    assert len(during) >= 3, f"{len(during)} ticks in the middle {hi - lo:.3f} s of a {span:.3f} s call"
    assert len(awards) > 0


def test_one_handle_shared_by_threads():
    log = Log.memory()
    errors = []

    def worker(n):
        try:
            for i in range(300):
                log.append(f"{n}:{i}".encode())
                log.root()
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(log) == 1200


def test_errors_are_per_thread():
    seen = {}

    def worker(n):
        for _ in range(200):
            try:
                datasset.calc("1 +" + " " * n + ")")
            except datasset.ParseError as e:
                seen.setdefault(n, set()).add(e.column)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {n: {4 + n} for n in range(1, 5)}


def test_close_races_with_use():
    for _ in range(20):
        log = Log.memory()
        done = threading.Event()

        def user():
            try:
                while True:
                    log.append(b"x")
            except datasset.StateError:
                done.set()

        t = threading.Thread(target=user)
        t.start()
        time.sleep(0.002)
        log.close()
        t.join(5)
        assert done.is_set()


def test_two_handle_calls_in_opposite_orders_do_not_deadlock():
    from datasset.probe import Probe

    a = Probe.memory("x,y\n1,2\n", "a.csv")
    b = Probe.memory("x,z\n1,2\n", "a.csv")
    done = []

    def worker(old, new):
        for _ in range(200):
            old.diff(new)
        done.append(1)

    threads = [threading.Thread(target=worker, args=(a, b)), threading.Thread(target=worker, args=(b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(done) == 2
