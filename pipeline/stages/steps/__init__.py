"""Ingest's per-lead steps, one module each; their order is `pipeline.stages.lead_steps.LEAD_STEPS`."""
