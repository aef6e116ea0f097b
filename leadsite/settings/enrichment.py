"""Enrichment provider, cache and predictive settings."""

import environ

env = environ.Env()
