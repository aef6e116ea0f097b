import gc

import psutil
import pytest

from pipeline.bulk import gc_tuning
from pipeline.bulk.gc_tuning import YOUNG_THRESHOLD, bulk_allocation


def test_bulk_allocation_tunes_the_collector_and_restores_it():
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with bulk_allocation():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0  # what was alive at the start is no longer rescanned
        with bulk_allocation():  # nested: the outer settings stay
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_settings_are_restored_when_the_work_fails():
    before = gc.get_threshold()
    try:
        with bulk_allocation():
            raise RuntimeError("phase failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_heap_release_returns_freed_memory_to_the_system():
    if gc_tuning._libc() is None:
        pytest.skip("no glibc malloc_trim here")
    process = psutil.Process()
    blocks = [bytes(4096) for _ in range(40_000)]  # 160 MB from the C heap, not Python's small-object arenas
    kept = blocks[::50]  # survivors scattered through the heap: its top cannot simply shrink
    del blocks
    before = process.memory_info().rss
    gc_tuning.heap_release()
    after = process.memory_info().rss
    assert before - after > 80 * 2**20
    assert len(kept) == 800
