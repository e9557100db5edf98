"""OpenAPI documentation of each operation: Badgr's envelope around the output, scopes, errors."""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from .examples import operation_examples
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .serializers.common import ErrorEnvelope, StatusOutput

_envelopes: dict[str, serializers.Serializer] = {}

ERROR_MEANINGS = {
    400: "Bad input; `fieldErrors` and `validationErrors` say what to fix.",
    401: "No valid credentials: send `Authorization: Bearer <token>`.",
    403: "The token lacks the scope, or your role at the issuer does not allow this.",
    404: "Not found, or not visible to you.",
    413: "The request body is over the upload limit (`DATA_UPLOAD_MAX_MEMORY_SIZE`, 2.5 MB "
    "unless changed); the description says the limit.",
    422: "The Idempotency-Key was already used with a different request body.",
    429: "Too many failed attempts from this account or address; wait `Retry-After` seconds.",
    501: "Not implemented yet.",
}

PAGE_PARAMETERS = [
    OpenApiParameter(
        "num",
        int,
        description=f"Items a page (1 to {MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}); "
        'the next page is in the `Link` header (rel="next").',
    ),
    OpenApiParameter("cursor", str, description="Opaque position from a `Link` header."),
]

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    description="Any unique string (such as a UUID). A retried request with the same key "
    "returns the first answer and awards nothing twice.",
)


def envelope(output: type[serializers.Serializer] | None):
    """The envelope schema around `output` (result is always a list, as in Badgr)."""
    name = (output.__name__.removesuffix("Output") if output else "Empty") + "Envelope"
    if name not in _envelopes:
        result = (
            output(many=True)
            if output
            else serializers.ListField(child=serializers.DictField(), max_length=0)
        )
        _envelopes[name] = inline_serializer(name, {"status": StatusOutput(), "result": result})
    return _envelopes[name]


def api_schema(
    *,
    summary: str,
    tag: str,
    output: type[serializers.Serializer] | None = None,
    request=None,
    status: int | None = 200,
    errors: tuple[int, ...] = (400, 401, 403, 404),
    parameters: list | None = None,
    paginated: bool = False,
    description: str = "",
    operation_id: str = "",
):
    responses = {} if status is None else {status: envelope(output)}
    if paginated and 400 not in errors:
        errors = (400, *errors)  # a cursor the server did not give
    if request is not None and 413 not in errors:
        errors = (*errors, 413)  # every body is read within the upload limit
    for code in errors:
        responses[code] = OpenApiResponse(ErrorEnvelope, description=ERROR_MEANINGS[code])
    params = list(parameters or []) + (PAGE_PARAMETERS if paginated else [])

    def decorate(method):
        view_name = operation_id or method.__qualname__.split(".")[0]
        scope = getattr(method, "scope", "")
        scopes = f"`{scope}`" + (" or `rw:issuer:<issuer id>`" if scope == "rw:issuer" else "")
        if request is None or isinstance(request, type):
            input_name = request.__name__ if request else None
        else:  # an instance, such as a list of items: its examples are under the item's name
            input_name = type(getattr(request, "child", request)).__name__
        return extend_schema(
            operation_id=view_name[0].lower() + view_name[1:],
            summary=summary,
            description=f"{(description or summary).rstrip('.')}.\n\nOAuth scope: {scopes}.",
            tags=[tag],
            request=request,
            responses=responses,
            parameters=params or None,
            examples=operation_examples(
                output_name=output.__name__ if output else None,
                status=status,
                input_name=input_name,
                errors=[code for code in responses if code in ERROR_MEANINGS],
            ),
        )(method)

    return decorate


def only_api_paths(endpoints):
    """Keep the REST API, the discovery API and the wallet protocols (wallets/) in the schema;
    leave out Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIXES)]


API_PREFIXES = (
    "/v2/",
    "/api/",
    "/wallets/",
    "/.well-known/openid-credential-issuer",
    "/.well-known/oauth-authorization-server",
)
