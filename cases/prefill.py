"""Related rows read by a query of one's own, handed to the instances as if prefetch_related had read them.

prefetch_related costs a query per relation. Where one query (a join the other way round) already reads
the children with their parent, storing them here lets `parent.<related_name>.all()` answer from memory
as it does after a prefetch, so templates and model methods need not know how the rows came.
"""


def fill_related(instance, related_name: str, objects) -> None:
    """Make `instance.<related_name>.all()` return `objects` without a query."""
    queryset = getattr(instance, related_name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    cache[related_name] = queryset
