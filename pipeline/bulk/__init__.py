"""Bulk infrastructure of the pipeline: COPY/UPDATE writes, instance loading, the process pool, CSV files, heap release."""
