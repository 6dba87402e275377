"""Where the map runs: in this process, on a pool of worker processes, or on Dask workers.

Every executor runs the same map (:func:`presswatch.pipeline.map.run_map`) over the same
tasks. ``submit`` hands tasks over and returns one :class:`Handle` per task, whose
``result()`` waits for it; the reduce asks for them in task order, so it sees the same
input whichever runs it and the database is the same row for row. The reduce keeps at
most two chunks' tasks in flight (the next chunk is sent before the current one is
reduced, see :mod:`presswatch.pipeline.reduce`), so memory stays flat however long the
input.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import Any, Protocol

from presswatch.config import Settings
from presswatch.model import RawItem
from presswatch.pipeline import warm
from presswatch.pipeline.map import Context, MapResult, MapTask, init_worker, map_in_worker, run_map


class Handle(Protocol):
    """One submitted task."""

    def result(self) -> list[MapResult]: ...

    def cancel(self) -> None: ...


class Executor(Protocol):
    workers: int

    def start(self) -> Any:
        """Start the workers now, without waiting for them to be up."""
        ...

    def submit(self, tasks: Sequence[MapTask], *, counted: bool = True) -> list[Handle]:
        """Start the tasks (a pool or cluster at once; in process, when asked for their
        results). ``counted``: whether their documents are passed to the progress
        callback as their results come (a task sent again is not counted twice)."""
        ...

    def close(self) -> None: ...


class _Deferred:
    """A task mapped in this process when its result is asked for (annotation steps
    the progress itself, per document)."""

    def __init__(self, task: MapTask, ctx: Context) -> None:
        self._task: MapTask | None = task
        self._ctx = ctx
        self._results: list[MapResult] | None = None

    def result(self) -> list[MapResult]:
        if self._results is None:
            if self._task is None:
                raise RuntimeError("the task was cancelled")
            self._results, self._task = run_map(self._task, self._ctx), None
        return self._results

    def cancel(self) -> None:
        self._task = None


class _Remote:
    """A task on a worker (a ``concurrent.futures`` or ``distributed`` future); its
    documents are passed to ``step`` once, when its result first comes back."""

    def __init__(self, future: Any, step: Callable[[int], None] | None) -> None:
        self._future = future
        self._step = step

    def result(self) -> list[MapResult]:
        results: list[MapResult] = self._future.result()
        if self._step is not None:
            self._step(len(results))
            self._step = None
        return results

    def cancel(self) -> None:
        self._future.cancel()


class InProcess:
    """The map in this process (``--workers 1``, and small inputs)."""

    workers = 1

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def start(self) -> None:
        pass

    def submit(self, tasks: Sequence[MapTask], *, counted: bool = True) -> list[Handle]:
        return [_Deferred(task, self.ctx) for task in tasks]

    def close(self) -> None:
        pass


# Loading the models once in the forkserver costs about what it saves with two workers
# (bench/scale.py: forkserver 5.5 CPU s against 2 x 1.7 s saved per worker), so it is
# done from three workers on; with fewer each worker loads its own.
WARM_MIN_WORKERS = 3


def _start_forkserver(settings: Settings) -> None:
    """Start the forkserver (once per process) with the models of ``settings`` loaded
    in it (:mod:`presswatch.pipeline.warm`); the workers fork from it."""
    from multiprocessing import forkserver

    os.environ[warm.ENV] = warm.spec(settings)
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(warm.ENV, None)


def _ready() -> int:
    """A no-op task: sent once per worker so that the pool starts every process now."""
    return os.getpid()


def _spawn(pool: ProcessPoolExecutor, workers: int) -> None:
    try:
        for _ in range(workers):
            pool.submit(_ready)
    except RuntimeError:  # the run ended (shut down) before its workers were up
        return


class ProcessPool:
    """The map on ``workers`` processes (forkserver where there is one, else spawn: no
    fork of a process holding threads and a database connection). Each worker loads the
    models once, in its initializer. :meth:`start` starts every process at once (the
    reduce calls it as soon as the input is known to be worth a pool, so that the
    workers load their models while this process reads); else they start on first use."""

    def __init__(self, settings: Settings, workers: int,
                 step: Callable[[int], None] = lambda n: None) -> None:
        self.settings = settings
        self.workers = workers
        self.step = step
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            single_threaded()
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                context.set_forkserver_preload(["presswatch.pipeline.map",
                                                "presswatch.pipeline.warm"])
                if self.workers >= WARM_MIN_WORKERS:
                    _start_forkserver(self.settings)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=init_worker,
                                             initargs=(self.settings, os.getpid()))
            # The pool spawns a process per submission while none is idle: one no-op
            # each starts them all now, instead of one by one as the first tasks come.
            # From a thread: each spawn waits for the forkserver to have loaded the
            # models, and this process reads on meanwhile.
            threading.Thread(target=_spawn, args=(self._pool, self.workers),
                             name="presswatch-pool-start", daemon=True).start()
        return self._pool

    def submit(self, tasks: Sequence[MapTask], *, counted: bool = True) -> list[Handle]:
        pool = self.start()
        work = partial(map_in_worker, settings=self.settings)
        step = self.step if counted else None
        futures: list[Future[list[MapResult]]] = [pool.submit(work, task) for task in tasks]
        return [_Remote(future, step) for future in futures]

    def close(self) -> None:
        if self._pool is not None:
            # Not waiting for the workers to exit: they end on their own while this
            # process finishes the run (the interpreter joins them at exit).
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class DaskCluster:
    """The map on Dask workers (``distributed``): ``local`` starts a LocalCluster of
    ``workers`` processes, anything else is a scheduler address (``tcp://host:8786``).
    Each result comes back when the reduce asks for it, in task order."""

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

    def start(self) -> None:
        """The cluster is up once this object exists."""

    def submit(self, tasks: Sequence[MapTask], *, counted: bool = True) -> list[Handle]:
        work = partial(map_in_worker, settings=self.settings)
        step = self.step if counted else None
        return [_Remote(self._client.submit(work, task, pure=False), step) for task in tasks]

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
