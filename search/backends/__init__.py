"""Loads search backends from the LAUREL_SEARCH settings dict, as Wagtail's search backends do."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import BaseSearchBackend


class InvalidSearchBackendError(Exception):
    pass


def get_backend(alias: str = "default") -> BaseSearchBackend:
    try:
        params = dict(settings.LAUREL_SEARCH[alias])
    except KeyError as exc:
        raise InvalidSearchBackendError(
            f"No search backend named {alias!r}: add it to LAUREL_SEARCH in settings."
        ) from exc
    path = params.pop("BACKEND")
    try:
        backend_class = import_string(path)
    except ImportError as exc:
        raise InvalidSearchBackendError(
            f"Could not import search backend {path!r} for {alias!r}: {exc}"
        ) from exc
    return backend_class(alias=alias, params=params)
