"""Convert a large seeds folder in forked processes, one per core, with the same results as one process.

The annotate step hands over a function that converts one seed and never
raises; this module shares the seeds out and gathers each result as it
arrives. Forked workers inherit the loaded knowledge base instead of
unpickling a copy each; only the results travel back.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

# Folders at least this large are converted in one process per core; smaller ones are
# done before starting the processes pays.
PARALLEL_THRESHOLD = 200

Result = TypeVar("Result")


def annotate_workers(count: int) -> int:
    """How many processes convert ``count`` seeds: one per usable core for a large folder, else 1."""
    if count < PARALLEL_THRESHOLD or sys.platform == "win32":
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(usable, count // (PARALLEL_THRESHOLD // 2)))


def convert_serial(paths: Iterable[Path], convert: Callable[[Path], Result]) -> Iterator[tuple[Path, Result]]:
    """(path, convert(path)) for each path, here, in order."""
    for path in paths:
        yield path, convert(path)


def _worker(paths: list[Path], convert: Callable[[Path], Any], connection: Any) -> None:
    """In a forked process: convert ``paths``, sending each (index in ``paths``, result) as it is done."""
    try:
        for index, path in enumerate(paths):
            connection.send((index, convert(path)))
    finally:
        connection.close()


def convert_parallel(
    paths: list[Path], convert: Callable[[Path], Result], workers: int
) -> Iterator[tuple[Path, Result]]:
    """(path, convert(path)) for each path, from ``workers`` forked processes, as results arrive.

    ``convert`` must not raise. A worker that dies (killed, out of memory) leaves
    its remaining paths to be converted here, one after the other.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    done: set[Path] = set()
    readers: dict[Any, list[Path]] = {}
    processes = []
    try:
        for chunk in (paths[start::workers] for start in range(workers)):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(chunk, convert, sender), daemon=True)
            process.start()
            sender.close()
            readers[receiver] = chunk
            processes.append(process)
        while readers:
            for receiver in wait(list(readers)):
                try:
                    index, result = receiver.recv()
                except EOFError:
                    del readers[receiver]
                    continue
                path = readers[receiver][index]
                done.add(path)
                yield path, result
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
    missing = [path for path in paths if path not in done]
    if missing:
        logger.debug("%d seed(s) converted here after a worker stopped", len(missing))
        yield from convert_serial(missing, convert)
