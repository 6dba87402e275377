"""Where the map runs: in this process, on a pool of worker processes, or on Dask workers.

Every executor runs the same map (:func:`presswatch.pipeline.map.run_map`) over the same
tasks and yields their results in task order, so the reduce sees the same input whichever
runs it and the database is the same row for row. Only one chunk's tasks are in flight at
a time (the reduce needs a chunk's results before the next chunk's boilerplate lines are
known), so memory stays flat however long the input.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import Any, Protocol

from presswatch.config import Settings
from presswatch.model import RawItem
from presswatch.pipeline.map import Context, MapResult, MapTask, init_worker, map_in_worker, run_map


class Executor(Protocol):
    workers: int

    def map(self, tasks: Sequence[MapTask]) -> Iterator[list[MapResult]]: ...

    def close(self) -> None: ...


class InProcess:
    """The map in this process (``--workers 1``)."""

    workers = 1

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def map(self, tasks: Sequence[MapTask]) -> Iterator[list[MapResult]]:
        for task in tasks:
            yield run_map(task, self.ctx)

    def close(self) -> None:
        pass


class ProcessPool:
    """The map on ``workers`` processes (forkserver where there is one, else spawn: no
    fork of a process holding threads and a database connection). Each worker loads the
    models once, in its initializer; the pool starts on first use."""

    def __init__(self, settings: Settings, workers: int,
                 step: Callable[[int], None] = lambda n: None) -> None:
        self.settings = settings
        self.workers = workers
        self.step = step
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            single_threaded()
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                context.set_forkserver_preload(["presswatch.pipeline.map"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=init_worker,
                                             initargs=(self.settings, os.getpid()))
        return self._pool

    def map(self, tasks: Sequence[MapTask]) -> Iterator[list[MapResult]]:
        """Submit every task now (the workers start on them while this process does
        other work) and return their results in order as an iterator."""
        pool = self._start()
        work = partial(map_in_worker, settings=self.settings)
        futures: list[Future[list[MapResult]]] = [pool.submit(work, task) for task in tasks]
        return self._collect(futures)

    def _collect(self, futures: list[Future[list[MapResult]]]) -> Iterator[list[MapResult]]:
        try:
            for future in futures:
                results = future.result()
                self.step(len(results))
                yield results
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskCluster:
    """The map on Dask workers (``distributed``): ``local`` starts a LocalCluster of
    ``workers`` processes, anything else is a scheduler address (``tcp://host:8786``).
    Results stream back as they finish (``as_completed``) and are put back in order."""

    def __init__(self, settings: Settings, address: str, workers: int,
                 step: Callable[[int], None] = lambda n: None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ValueError("--dask needs the 'distributed' package "
                             "(pip install 'presswatch[dask]')") from exc
        self.settings = settings
        self.workers = workers
        self.step = step
        self._cluster: Any = None
        if address == "local":
            single_threaded()
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                         processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        else:
            self._client = Client(address)

    def map(self, tasks: Sequence[MapTask]) -> Iterator[list[MapResult]]:
        """Submit every task now and return their results in order as an iterator."""
        work = partial(map_in_worker, settings=self.settings)
        futures = [self._client.submit(work, task, pure=False) for task in tasks]
        return self._collect(futures)

    def _collect(self, futures: list[Any]) -> Iterator[list[MapResult]]:
        from distributed import as_completed

        order = {future.key: n for n, future in enumerate(futures)}
        done: dict[int, list[MapResult]] = {}
        following = 0
        try:
            for future in as_completed(futures):
                done[order[future.key]] = future.result()
                self.step(len(done[order[future.key]]))
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


# The thread pools of the numeric libraries under spaCy and natasha: one thread per worker,
# so N workers use N cores instead of each spinning one thread per core (on 2 cores, two
# workers with their default BLAS threads ran at half the speed of one process).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded() -> None:
    """Workers started after this (they inherit the environment) run their numeric
    libraries on one thread each, unless the user set otherwise."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def limit_numeric_threads(threads: int) -> None:
    """This process's numeric thread pools (OpenBLAS, OpenMP, MKL: under numpy, spaCy,
    natasha) to ``threads`` threads each, the libraries already loaded included
    (threadpoolctl) and those loaded later (the environment), unless the user set a
    variable of :data:`THREAD_VARIABLES`. Several ingests (or the reduce and its workers)
    sharing a machine then share its cores instead of each spinning one thread per core
    on every core."""
    if any(name in os.environ for name in THREAD_VARIABLES):
        return
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)


def split(items: Sequence[RawItem], repeated: dict[str, frozenset[str]], workers: int,
          batch_size: int) -> list[MapTask]:
    """A chunk's items as tasks: one task in process; for N workers, about 4N tasks (no
    more than ``batch_size`` items each) so that a slow one does not idle the others."""
    if not items:
        return []
    size = len(items) if workers <= 1 else max(
        1, min(batch_size, math.ceil(len(items) / (4 * workers))))
    tasks = []
    for start in range(0, len(items), size):
        part = list(items[start:start + size])
        groups = {item.group for item in part}
        tasks.append(MapTask(part, {g: repeated[g] for g in groups if g in repeated}))
    return tasks


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
