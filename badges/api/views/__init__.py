"""One thin API view per action; `endpoint()` joins the actions that share a Badgr path."""

import re

from django.urls import URLPattern, path
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from ..envelope import api_exception_handler
from ..parsers import SafeJSONParser
from ..permissions import HasScope

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
            raise NotFound(f"No object with id {entity_id!r}.")


def checked(request, serializer_class: type[Serializer], *, query: bool = False, **options):
    """The request's body (or, with query, its query string) read by an input serializer;
    invalid input is answered 400 with what to fix."""
    data = serializer_class(data=request.query_params if query else request.data, **options)
    data.is_valid(raise_exception=True)
    return data


def endpoint(name: str, *actions: type[APIView]) -> type[APIView]:
    """One class routing a path's methods to their action views (a URL maps to one view)."""
    return type(name, actions, {"__doc__": " ".join(a.__doc__ or "" for a in actions)})


def endpoint_path(route: str, name: str, *actions: type[APIView]) -> URLPattern:
    """The URL pattern of a path whose methods are these actions (see endpoint())."""
    return path(route, endpoint(name, *actions).as_view())
