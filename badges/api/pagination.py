"""List pagination as Badgr does it: `?num=` items a page and a `Link` header with the cursor."""

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from .envelope import ok

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class EnvelopeCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "num"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"  # unique and never changes, so a cursor never skips or repeats an item

    def get_paginated_response(self, data) -> Response:
        links = []
        if (next_url := self.get_next_link()) is not None:
            links.append(f'<{next_url}>; rel="next"')
        if (previous_url := self.get_previous_link()) is not None:
            links.append(f'<{previous_url}>; rel="prev"')
        return ok(list(data), headers={"Link": ", ".join(links)} if links else None)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "num",
                "required": False,
                "in": "query",
                "description": f"Items a page (1 to {MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}). "
                'The next page is in the `Link` header (rel="next").',
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a `Link` header.",
                "schema": {"type": "string"},
            },
        ]


def paginate(request, view, queryset, serializer_class, context=None) -> Response:
    paginator = EnvelopeCursorPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(
        serializer_class(page, many=True, context=context or {}).data
    )
