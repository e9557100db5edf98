"""One thin API view per action; `endpoint()` joins the actions that share a Badgr path."""

from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from ..envelope import api_exception_handler
from ..permissions import HasScope


class ApiView(APIView):
    permission_classes: list[type[BasePermission]] = [HasScope]
    parser_classes = [JSONParser]  # Badgr clients send JSON; images come as data URIs

    def get_exception_handler(self):
        return api_exception_handler


def endpoint(name: str, *actions: type[APIView]) -> type[APIView]:
    """One class routing a path's methods to their action views (a URL maps to one view)."""
    return type(name, actions, {"__doc__": " ".join(a.__doc__ or "" for a in actions)})
