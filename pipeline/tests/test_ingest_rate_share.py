from enrichment.providers.http import rate_limiter_for, rate_share_set
from pipeline.stages import ingest_chunks
from pipeline.stages.ingest_chunks import ChunkSetup, _worker_init


def test_pool_workers_share_a_vendors_rate():
    try:
        assert rate_limiter_for("share-test", 10).rate == 10
        _worker_init(ChunkSetup(context=None), 2)  # as each of 2 workers does
        assert rate_limiter_for("share-test", 10).rate == 5
    finally:
        rate_share_set(1.0)
        ingest_chunks._setup = None
    assert rate_limiter_for("share-test", 10).rate == 10
