"""Bulk infrastructure of the pipeline: COPY/UPDATE writes, instance loading, process pool, CSV files, heap release."""
