"""scoring settings."""

import environ

env = environ.Env()
