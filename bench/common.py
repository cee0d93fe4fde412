"""What every benchmark starts with: Django set up as the tests run it, and a throwaway database with the
tariff catalogue and the demo data (SQLite by default, PostgreSQL with DATABASE_URL set)."""

import os
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Like the tests: the test run's own key (config.settings refuses to start without one when DEBUG is off,
# and a benchmark with DEBUG on would measure the debug machinery).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise: no collectstatic in a benchmark

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


@contextmanager
def throwaway_database():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_tariffs", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", stdout=quiet)
        print(f"database: {connection.vendor}")
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
