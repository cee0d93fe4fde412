"""Keyset ("next page") pagination for the API's big lists, with the contract's envelope.

API.md promises `{"count", "next", "previous", "results"}`. Page numbers need OFFSET (reading every
skipped row) and a COUNT(*) over all the user's rows: over a municipality's tens of thousands of cases
that was most of the request (issue 11). A cursor continues from the last row shown, through the list's
index, and `count` is counted only up to COUNT_LIMIT: exact below it, COUNT_LIMIT ("more than") at or
above it. A client follows `next`; the cursor in it is opaque.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

COUNT_LIMIT = 1000


class KeysetPagination(CursorPagination):
    page_size = 50
    invalid_cursor_message = "Ugyldig side: følg linket i 'next' eller 'previous'."
    # A view's own order: the cursor's position is the first field, ties broken by an offset.
    ordering = ("-pk",)

    def paginate_queryset(self, queryset, request, view=None):
        if "page" in request.query_params:
            # A client written for page numbers must hear that they are gone, not silently get page one again.
            raise ValidationError({"page": "Listen bladres ikke med sidetal: følg linket i 'next' eller 'previous'."})
        self.ordering = getattr(view, "cursor_ordering", self.ordering)
        # A bounded count: LIMIT inside, so it reads at most COUNT_LIMIT rows. A view whose rows PostgreSQL
        # would otherwise count by a sequential scan "until 1,000 match" sets `count_in_order`, so the count
        # reads through the list's own index: under concurrent requests, synchronized scans started such a
        # scan mid-table, far from the user's rows (the deadline list's p95 was over a second at 1M cases).
        counted = queryset.order_by()
        if getattr(view, "count_in_order", False):
            counted = queryset.order_by(*([self.ordering] if isinstance(self.ordering, str) else self.ordering))
        self.count = counted[:COUNT_LIMIT].count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "count": {
                "type": "integer",
                "description": f"Antal rækker, talt op til {COUNT_LIMIT}: {COUNT_LIMIT} betyder 'mindst {COUNT_LIMIT}'.",
            },
            **response["properties"],
        }
        response["required"] = ["count", *response.get("required", [])]
        return response
