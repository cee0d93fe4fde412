"""The settings of a test run: config.settings as production reads them, with a key of the tests' own.

pytest-django runs with DEBUG off, and with DEBUG off config.settings refuses to start without a real
SECRET_KEY. A test run needs no environment (`.venv/bin/pytest`, `make test`, CI), so it brings this key,
which signs nothing outside a test database. It goes into os.environ, so the processes a test starts (a
Celery worker, `manage.py`) get it too; a test that wants another environment passes one explicitly.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-0f3a9c1e7b5d2f8a6c4e0b9d7f1a3c5e8b2d4f6a")

from config.settings import *  # noqa: E402, F403
