"""Benchmark: single-request time and queries of the API's worklists on a big existing database.

    DATABASE_URL=postgres://…/rus_load python bench/api_lists_on_load.py [repeats]

Requests each list as its demo user with Django's test client, warm, then `repeats` times (default 15),
and prints the median time, the query count and the size of the answer. Everything runs in one
transaction that is rolled back, the login and the access log's rows included: the database is only
read. Times are noisy on a shared machine; compare runs made one after the other.
"""

import statistics
import sys
import time

from common import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from cases.models import User

URLS = {
    "sagsbehandler-glostrup": [
        "/api/v1/deadlines/",
        "/api/v1/deadlines/?status=open",
        "/api/v1/deadlines/?scope=visible",
        "/api/v1/followups/",
        "/api/v1/followups/?status=pending",
    ],
    "behandler-city": ["/api/v1/deadlines/", "/api/v1/followups/"],
}


def main(repeats: int) -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    with transaction.atomic():
        for username, urls in URLS.items():
            client = Client()
            client.force_login(User.objects.get(username=username))
            for url in urls:
                response = client.get(url)  # warm
                assert response.status_code == 200, (url, response.status_code, response.content[:300])
                times = []
                for _ in range(repeats):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - start) * 1000)
                body = response.json()
                print(
                    f"{username:<24} {url:<36} median {statistics.median(times):>7.1f} ms  "
                    f"queries {len(queries):>2}  count {body['count']:>6}  rows {len(body['results'])}"
                )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
