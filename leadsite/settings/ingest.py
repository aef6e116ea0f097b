"""ingest settings."""

import environ

env = environ.Env()
