"""gunicorn settings for `make bench-load` (bench/load.py starts gunicorn with `-c bench/gunicorn_bench.py`).

With BENCH_NO_ACCESS_LOG=1 each worker, once Django is loaded, replaces the access log's INSERT with
nothing, so the benchmark can print what logging every read costs in saturated throughput. Never used
outside the benchmark.
"""

import os


def post_worker_init(worker):
    if os.environ.get("BENCH_NO_ACCESS_LOG") == "1":
        import cases.access

        cases.access._insert = lambda entries: None
