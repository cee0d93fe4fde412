"""Run calls at the same moment in threads, for the tests of what happens when people act at once."""

import threading

from django.db import connection


def run_at_once(*calls, catch: tuple[type[BaseException], ...] = (Exception,)) -> list:
    """Start every call in its own thread, released together by a barrier. Each outcome is the call's result
    or the exception (one of `catch`) it raised; anything else fails the thread loudly. Each thread closes its
    own database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except catch as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
