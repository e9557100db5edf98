"""The VC-API exchange a wallet POSTs to (empty to start, then its signed DIDAuth
presentation), and the interaction URL the Learner Credential Wallet reads the protocols from."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from .. import links, selectors, services, vcapi
from ..errors import ExchangeError
from .common import WalletApi, error_responses


def exchange_or_404(exchange_id: str):
    exchange = selectors.exchange_get(entity_id=exchange_id)
    if exchange is None:
        raise ExchangeError(404, "unknown_exchange", _("There is no such exchange."))
    return exchange


class WalletExchangeInput(serializers.Serializer):
    verifiablePresentation = serializers.JSONField(
        required=False,
        help_text="The wallet's DIDAuth presentation, signed with the request's challenge and "
        "domain. Leave the body empty ({}) to get the request.",
    )


ExchangeOutput = inline_serializer(
    "WalletExchangeOutput",
    {
        "verifiablePresentationRequest": serializers.JSONField(
            required=False, help_text="The DIDAuthentication request (to an empty body)."
        ),
        "verifiablePresentation": serializers.JSONField(
            required=False,
            help_text="A presentation holding the OpenBadgeCredential issued to the wallet's DID.",
        ),
    },
)


class VcApiExchange(WalletApi):
    @extend_schema(
        operation_id="wallet_vcapi_exchange",
        tags=["wallets"],
        summary="VC-API exchange: start it, then present DIDAuth and receive the credential",
        request=WalletExchangeInput,
        responses={200: ExchangeOutput, **error_responses(400, 404, 409, 410)},
    )
    def post(self, request, exchange_id: str):
        exchange = exchange_or_404(exchange_id)
        services.check_open(exchange)
        data = request.data if isinstance(request.data, dict) else {}
        presented = data.get("verifiablePresentation")
        if presented is None:
            return Response({"verifiablePresentationRequest": vcapi.presentation_request(exchange)})
        credential = services.exchange_collect_vcapi(
            exchange_id=exchange.pk, holder_of=lambda locked: vcapi.holder_of(presented, locked)
        )
        return Response({"verifiablePresentation": vcapi.presentation(credential)})


class Interaction(WalletApi):
    @extend_schema(
        operation_id="wallet_interaction",
        tags=["wallets"],
        summary="The protocols a wallet may collect this exchange by",
        parameters=[OpenApiParameter("iuv", int, description="Interaction URL version: 1.")],
        responses={
            200: inline_serializer(
                "WalletInteraction",
                {"protocols": serializers.DictField(child=serializers.CharField())},
            ),
            **error_responses(404),
        },
    )
    def get(self, request, exchange_id: str):
        exchange = exchange_or_404(exchange_id)
        return Response(
            {
                "protocols": {
                    "vcapi": links.exchange_url(exchange),
                    "OID4VCI": links.offer_link(exchange),
                }
            }
        )
