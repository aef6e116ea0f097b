"""Batch lifecycle settings: how a lost worker is noticed and its batch resumed (docs/architecture.md)."""

from .environment import env

# A running batch with no heartbeat (progress write) for this long, and whose lock no process holds, is stale.
BATCH_STALE_SECONDS = env.int("BATCH_STALE_SECONDS", default=300)
# Times recovery resumes a stale batch before it marks it failed (a file that kills its worker every time).
BATCH_AUTO_RESUMES = env.int("BATCH_AUTO_RESUMES", default=2)
# How long a stage waits for the attempt before it (stopping at its next chunk) before its task retries.
BATCH_LOCK_WAIT_SECONDS = env.float("BATCH_LOCK_WAIT_SECONDS", default=60.0)
BATCH_RECOVERY_INTERVAL_SECONDS = env.float("BATCH_RECOVERY_INTERVAL_SECONDS", default=60.0)
# Idempotency-Key answers are replayed for this long.
IDEMPOTENCY_KEY_TTL_SECONDS = env.int("IDEMPOTENCY_KEY_TTL_SECONDS", default=24 * 3600)

BATCH_BEAT_SCHEDULE = {
    "pipeline-batches-recover": {"task": "pipeline.batches_recover", "schedule": BATCH_RECOVERY_INTERVAL_SECONDS},
}
