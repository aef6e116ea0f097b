"""Forked worker processes for CPU-bound pipeline work on this machine's cores.

A pool is used only where it is safe and useful: on PostgreSQL (each worker opens its own connection;
SQLite allows one writer), outside a transaction (a worker could not see its rows), from the main thread
only (not in a threaded worker), and never from a daemonic process (a Celery prefork child cannot have
children). Workers are forked, so they inherit what
the parent prepared (module globals) without pickling it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.db import connection, connections


def pool_size() -> int:
    """Processes to use: PIPELINE_WORKERS (0 = one per CPU), or 1 where a pool is not allowed."""
    wanted = settings.PIPELINE_WORKERS or (os.cpu_count() or 1)
    if wanted <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    if multiprocessing.current_process().daemon:
        return 1
    if threading.current_thread() is not threading.main_thread():
        return 1  # a threaded worker: forking beside other threads (and their batches) is not safe
    return wanted


def fork_pool(workers: int, **kwargs) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes. This process's database connections are closed first, so no
    child shares their sockets; they reopen on next use."""
    connections.close_all()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), **kwargs)
