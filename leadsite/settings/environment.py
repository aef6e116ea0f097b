"""The environment, read once: every settings module takes `env`, `BASE_DIR` and `VAR_DIR` from here.

`.env` in the checkout (or the file LEADSITE_ENV_FILE names; empty for none) fills in variables the process
environment does not set.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
_env_file = os.environ.get("LEADSITE_ENV_FILE", str(BASE_DIR / ".env"))
if _env_file and Path(_env_file).is_file():
    environ.Env.read_env(_env_file, overwrite=False)

# Embedded database, filesystem broker, media and collected static files; created by scripts/bootstrap.sh
# and, for the parts the configured backends use, by leadsite.core when Django starts (never at import).
VAR_DIR = Path(env.str("LEADSITE_VAR_DIR", default=str(BASE_DIR / "var")))
