"""List pagination as Badgr does it: `?num=` items a page and a `Link` header with the cursor."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
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

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError(
                {"cursor": [_("This cursor is not one the server gave; follow the Link header.")]}
            ) from exc

    def get_paginated_response(self, data) -> Response:
        links = []
        if (next_url := self.get_next_link()) is not None:
            links.append(f'<{next_url}>; rel="next"')
        if (previous_url := self.get_previous_link()) is not None:
            links.append(f'<{previous_url}>; rel="prev"')
        return ok(list(data), headers={"Link": ", ".join(links)} if links else None)


def paginate(request, view, queryset, serializer_class) -> Response:
    paginator = EnvelopeCursorPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
