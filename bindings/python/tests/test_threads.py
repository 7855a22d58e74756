"""The GIL is released around calls into the library, and handles shared
between threads are used one thread at a time."""

from __future__ import annotations

import threading
import time

import datasset
from datasset.probe import Probe
from datasset.translog import Log


def csv_rows(n: int) -> str:
    rows = (f"{i},name{i % 977},{i % 10007}.{i % 100:02d},2025-01-{i % 28 + 1:02d}\n" for i in range(n))
    return "id,name,amount,day\n" + "".join(rows)


def test_gil_released_during_a_long_call():
    """A thread keeps ticking while another is inside one long C call
    (ds_probe_memory); the workload grows until the call lasts long enough to tell."""
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.0005)

    n = 50000
    t = threading.Thread(target=ticker)
    t.start()
    try:
        while True:
            data = csv_rows(n)
            time.sleep(0.01)
            t0 = time.monotonic()
            probe = Probe.memory(data, "big.csv")  # one C call
            t1 = time.monotonic()
            if t1 - t0 >= 0.15 or n >= 3_200_000:
                break
            n *= 2
    finally:
        stop.set()
        t.join()
    span = t1 - t0
    assert span >= 0.15, f"the call was too quick to tell ({span:.3f} s for {n} rows)"
    lo, hi = t0 + span * 0.3, t1 - span * 0.3
    during = [x for x in ticks if lo < x < hi]
    # With the GIL held, no tick could happen in the middle of the call.
    assert len(during) >= 3, f"{len(during)} ticks in the middle {hi - lo:.3f} s of a {span:.3f} s call"
    assert probe.source.rows == n


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
