"""Keyset ("next page") paging for lists in the browser: the rows after the last one shown, in the list's own
order, with no COUNT and no OFFSET, so page 40 costs what page 1 does (issue 11).

The cursor is the last row's values of the ordering's fields, signed: a tampered or truncated cursor is
refused (BadCursor, which the view answers with 400) rather than parsed. The API's lists page the same way
through DRF (cases/api/pagination.py); this is the templates' counterpart.

The ordering must end in the primary key (so it is total) and put nulls last: nullable fields are ordered
with `F(name).asc(nulls_last=True)` / `.desc(nulls_last=True)`.
"""

from datetime import date, datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet

SALT = "cases.keyset"
# A cursor is a handful of dates and ids; anything longer is not one of ours.
CURSOR_LENGTH = 300


class BadCursor(ValueError):
    """The cursor is not one this server gave out for this list."""


def ordering(queryset: QuerySet) -> list[tuple[str, bool]]:
    """The queryset's explicit ordering as (field name, descending) pairs."""
    pairs = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            pairs.append((item.lstrip("-"), item.startswith("-")))
        elif isinstance(getattr(item, "expression", None), F):
            pairs.append((item.expression.name, item.descending))
        else:
            raise TypeError(f"keyset paging needs field orderings, not {item!r}")
    if not pairs or pairs[-1][0] not in ("pk", "id"):
        raise TypeError("keyset paging needs an ordering that ends in the primary key")
    return pairs


def _salt(queryset: QuerySet, order) -> str:
    # One list's cursor is refused by another (another model or order), instead of read as a shifted window.
    return ":".join([SALT, queryset.model._meta.label_lower, *(f"{'-' if d else ''}{name}" for name, d in order)])


def cursor(queryset: QuerySet, row) -> str:
    """The cursor that continues `queryset` after `row` (the last row shown)."""
    order = ordering(queryset)
    values = [getattr(row, name) for name, _descending in order]
    plain = [value.isoformat() if isinstance(value, date | datetime) else value for value in values]
    return signing.dumps(plain, salt=_salt(queryset, order), compress=True)


def after(queryset: QuerySet, token: str) -> QuerySet:
    """`queryset` from the row after the one `token` was made from; BadCursor if it is not ours."""
    order = ordering(queryset)
    try:
        values = signing.loads(token[:CURSOR_LENGTH], salt=_salt(queryset, order))
    except signing.BadSignature as error:
        raise BadCursor(token) from error
    if not isinstance(values, list) or len(values) != len(order):
        raise BadCursor(token)
    opts = queryset.model._meta
    condition, equal = Q(pk__in=[]), Q()
    for (name, descending), raw in zip(order, values, strict=True):
        field = opts.pk if name == "pk" else opts.get_field(name)
        try:
            value = None if raw is None else field.to_python(raw)
        except (ValidationError, TypeError, ValueError) as error:
            raise BadCursor(token) from error
        if value is None:
            # Nulls come last: after a null only the rows tied on it and further on in the next fields.
            equal &= Q(**{f"{name}__isnull": True})
            continue
        beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
        if field.null:
            beyond |= Q(**{f"{name}__isnull": True})
        condition |= equal & beyond
        equal &= Q(**{name: value})
    return queryset.filter(condition)
