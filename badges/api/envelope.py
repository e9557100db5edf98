"""Badgr's response envelope, for answers and for every error (the one exception handler)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from badges.services.awards import BatchError
from badges.services.claim_codes import ClaimThrottled

from .parsers import body_limit, too_large

# Service errors are keyed by model field; clients know Badgr's names.
FIELD_NAMES = {
    "recipient_identity": "recipient",
    "recipient_type": "recipient",
    "hashed": "recipient",
    "issued_on": "issuedOn",
    "criteria_url": "criteriaUrl",
    "criteria_narrative": "criteriaNarrative",
    "expires_amount": "expires",
    "expires_unit": "expires",
    "revocation_reason": "revocation_reason",
    "first_name": "firstName",
    "last_name": "lastName",
    "multi_use": "multiUse",
    "max_uses": "maxUses",
    "expires_at": "expires",
}


def ok(result: Any, *, status: int = 200, description: str = "ok", headers=None) -> Response:
    """An answer in the envelope; `result` is always a list, as Badgr's is."""
    if not isinstance(result, list):
        result = [result]
    return Response(
        {"status": {"success": True, "description": description}, "result": result},
        status=status,
        headers=headers,
    )


def error_body(description: str, field_errors=None, validation_errors=None) -> dict:
    return {
        "status": {"success": False, "description": description},
        "result": [],
        "fieldErrors": field_errors or {},
        "validationErrors": validation_errors or [],
    }


def api_exception_handler(exc, context) -> Response | None:
    """Every error of the API as Badgr's error envelope with the right status."""
    if isinstance(exc, BatchError):
        rows = {str(number): _field_errors(errors) for number, errors in exc.rows.items()}
        return Response(
            error_body(exc.messages[0], {"assertions": rows}, exc.messages),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ClaimThrottled):
        fields = _field_errors(exc.message_dict)
        return Response(
            error_body(" ".join(exc.messages), fields),
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(settings.LAUREL_CLAIM_FAILURE_WINDOW)},
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = _field_errors(exc.message_dict)
            description = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
            return Response(error_body(description, fields), status=status.HTTP_400_BAD_REQUEST)
        return Response(
            error_body(" ".join(exc.messages), validation_errors=exc.messages),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, RequestDataTooBig):  # a form or multipart body over Django's limit
        exc = too_large(body_limit())
    elif isinstance(exc, SuspiciousOperation):  # too many fields or files, a bad boundary
        exc = exceptions.ParseError(str(exc) or _("The request body cannot be read."))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let it be a 500 and be logged
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = {k: v for k, v in detail.items() if k != "non_field_errors"}
            general = [str(m) for m in detail.get("non_field_errors", [])]
        else:
            fields, general = (
                {},
                [str(m) for m in (detail if isinstance(detail, list) else [detail])],
            )
        description = "; ".join(general + [f"{k}: {_flatten(v)}" for k, v in fields.items()]) or _(
            "Invalid input."
        )
        response.data = error_body(description, fields, general)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(str(detail) or exc.__class__.__name__)
    return response


def _field_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    mapped: dict[str, list[str]] = {}
    for field, messages in errors.items():
        name = FIELD_NAMES.get(field, field)
        if name == "__all__":
            name = "non_field_errors"
        mapped.setdefault(name, []).extend(messages)
    return mapped


def _flatten(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(_flatten(v) for v in value)
    return str(value)
