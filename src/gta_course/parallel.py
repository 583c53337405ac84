"""How much independent work may run at once, and how child processes are started.

Sphinx, the content check and WeasyPrint are each single-threaded Python; the machine a trainer
or CI uses has two cores or more. Children are forked, so they start with what the parent has
already loaded (the course, the renderer's settings) instead of loading it again; where a
platform cannot fork, callers do their work in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the class exists only where fork does
    from multiprocessing.context import ForkContext

MAX_PROCESSES = 4  # beyond this the course's 70 pages or 150 PDFs gain little and memory grows


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform says), at most MAX_PROCESSES."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


def fork_context() -> ForkContext | None:
    """The fork start method, or None where the platform has none."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None
