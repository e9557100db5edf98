"""One thin API view per action; `endpoint()` joins the actions that share a Badgr path."""

import re

from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from ..envelope import api_exception_handler, ok
from ..pagination import paginate
from ..parsers import SafeJSONParser
from ..permissions import HasScope, needs
from ..schema import api_schema

# Entity ids are URL-safe tokens; anything else (control characters too) is simply unknown.
ENTITY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class ApiView(APIView):
    permission_classes: list[type[BasePermission]] = [HasScope]
    parser_classes = [SafeJSONParser]  # Badgr clients send JSON; images come as data URIs

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and scopes come first
        entity_id = kwargs.get("entity_id")
        if entity_id is not None and not ENTITY_ID.fullmatch(entity_id):
            raise NotFound(_("No object with id %(id)s.") % {"id": repr(entity_id)})


def checked(request, serializer_class: type[Serializer], *, query: bool = False, **options):
    """The request's body (or, with query, its query string) read by an input serializer;
    invalid input is answered 400 with what to fix."""
    data = serializer_class(data=request.query_params if query else request.data, **options)
    data.is_valid(raise_exception=True)
    return data


def action_view(name: str, doc: str, verb: str, answer, *, scope: str, **schema) -> type[ApiView]:
    """A view whose one HTTP method `verb` returns `answer(view, request, **url_kwargs)`, needs
    the OAuth `scope` and is documented by api_schema(**schema) under the operation id `name`.
    For actions that differ only in what they find, call and answer."""

    @api_schema(operation_id=name, **schema)
    @needs(scope)
    def handler(self, request, **kwargs):
        return answer(self, request, **kwargs)

    return type(name, (ApiView,), {"__doc__": doc, verb: handler})


def detail_view(name: str, doc: str, *, find, output, scope: str, **schema) -> type[ApiView]:
    """A view whose GET answers, through `output`, the object `find(request, entity_id)`."""

    def answer(view, request, entity_id: str):
        return ok(output(find(request, entity_id)).data)

    schema.setdefault("errors", (401, 403, 404))
    return action_view(name, doc, "get", answer, scope=scope, output=output, **schema)


def list_view(name: str, doc: str, *, items, output, scope: str, **schema) -> type[ApiView]:
    """A view whose GET pages through `items(request, **url_kwargs)`, each through `output`."""

    def answer(view, request, **kwargs):
        return paginate(request, view, items(request, **kwargs), output)

    return action_view(
        name, doc, "get", answer, scope=scope, output=output, paginated=True, **schema
    )


def endpoint(name: str, *actions: type[APIView]) -> type[APIView]:
    """One class routing a path's methods to their action views (a URL maps to one view)."""
    return type(name, actions, {"__doc__": " ".join(a.__doc__ or "" for a in actions)})


def endpoint_path(route: str, name: str, *actions: type[APIView]) -> URLPattern:
    """The URL pattern of a path whose methods are these actions (see endpoint())."""
    return path(route, endpoint(name, *actions).as_view())
