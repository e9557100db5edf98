"""What every wallet protocol view shares: no session (wallets are not signed in here), the
one error shape, and its OpenAPI description."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from ..errors import ExchangeError


class WalletError(serializers.Serializer):
    error = serializers.CharField(help_text="A code: invalid_proof, expired, invalid_grant, ...")
    error_description = serializers.CharField(help_text="Why, and how to put it right.")


def error_responses(*statuses: int) -> dict:
    return {status: OpenApiResponse(WalletError) for status in statuses}


def wallet_exception_handler(exc, context):
    """ExchangeError as its status and shape; DRF's own errors (a body that is not JSON) in
    the same shape, so a wallet reads one error format."""
    if isinstance(exc, ExchangeError):
        return Response(exc.as_json(), status=exc.status)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, APIException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response.data = {"error": exc.default_code, "error_description": detail}
    return response


class WalletApi(APIView):
    # Wallets call without a session or cookies: no CSRF; each exchange's secrets authorise.
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get_exception_handler(self):
        return wallet_exception_handler
