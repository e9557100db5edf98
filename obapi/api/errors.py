"""The error bodies of the standards: Open Badges 3.0's Imsx_StatusInfo and Badge Connect's
status object, made from DRF's exceptions so every failure of those APIs has the spec's shape."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

# Imsx_CodeMinorFieldValue values of the OB 3.0 API, by HTTP status.
CODE_MINOR = {
    400: "invalid_data",
    401: "unauthorizedrequest",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    406: "not_acceptable",
    415: "invalid_data",
    429: "server_busy",
}
# Badge Connect 2.1 statusText values, by HTTP status.
STATUS_TEXT = {
    200: "OK",
    201: "OK",
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
}


def imsx_status(code: int, description: str, minor: str | None = None) -> dict:
    return {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {
                    "imsx_codeMinorFieldName": "TargetEndSystem",
                    "imsx_codeMinorFieldValue": minor or CODE_MINOR.get(code, "unknown"),
                }
            ]
        },
    }


def bc_status(code: int, error: str = "", text: str | None = None) -> dict:
    body = {"statusCode": code, "statusText": text or STATUS_TEXT.get(code, "BAD_REQUEST")}
    if error:
        body["error"] = error
    return body


def _described(exc) -> str:
    if isinstance(exc, DjangoValidationError):
        return " ".join(exc.messages)
    detail = getattr(exc, "detail", str(exc))
    if isinstance(detail, list):
        return " ".join(str(part) for part in detail)
    if isinstance(detail, dict):
        return " ".join(f"{key}: {value}" for key, value in detail.items())
    return str(detail)


def _base_response(exc, context) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    return exception_handler(exc, context)


def ob3_exception_handler(exc, context) -> Response | None:
    response = _base_response(exc, context)
    if response is not None:
        response.data = imsx_status(response.status_code, _described(exc))
    return response


def bc_exception_handler(exc, context) -> Response | None:
    response = _base_response(exc, context)
    if response is not None:
        response.data = {"status": bc_status(response.status_code, _described(exc))}
    return response


def imsx_response(code: int, description: str) -> Response:
    return Response(imsx_status(code, description), status=code)
