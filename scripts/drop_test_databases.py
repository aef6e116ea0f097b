"""Drop the test databases pytest-django made for DATABASE_URL's database (test_<name>, test_<name>_gwN).

pytest-django drops them itself on a clean finish; this also clears those left by an interrupted run or by a
teardown that a still-connected process blocked. Other databases are never touched.
"""

import os
import re
from urllib.parse import urlsplit, urlunsplit

import psycopg


def main() -> None:
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/")
    own = re.compile(rf"test_{re.escape(name)}(_gw\d+)?")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        names = [row[0] for row in conn.execute("SELECT datname FROM pg_database")]
        for database in filter(own.fullmatch, names):
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            print(f"dropped {database}")


if __name__ == "__main__":
    main()
