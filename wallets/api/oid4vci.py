"""The OID4VCI 1.0 issuer: its metadata, the authorization server metadata, the credential
offer, the token endpoint (pre-authorized code grant), the nonce endpoint and the credential
endpoint."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response

from .. import links, oid4vci, services
from ..errors import ExchangeError
from .common import WalletApi, error_responses
from .vcapi import exchange_or_404

NO_STORE = {"Cache-Control": "no-store"}
FORMATS = {config: fmt for fmt, config in links.CREDENTIAL_CONFIGURATIONS.items()}

Document = inline_serializer("Oid4vciDocument", {"credential_issuer": serializers.URLField()})


class IssuerMetadata(WalletApi):
    @extend_schema(
        operation_id="oid4vci_issuer_metadata",
        tags=["wallets"],
        summary="OID4VCI credential issuer metadata",
        responses={200: Document},
    )
    def get(self, request):
        return Response(oid4vci.issuer_metadata())


class AuthorizationServerMetadata(WalletApi):
    @extend_schema(
        operation_id="oid4vci_authorization_server_metadata",
        tags=["wallets"],
        summary="OAuth 2.0 authorization server metadata (RFC 8414) of the OID4VCI issuer",
        responses={200: inline_serializer("Oid4vciAs", {"issuer": serializers.URLField()})},
    )
    def get(self, request):
        return Response(oid4vci.authorization_server_metadata())


class CredentialOffer(WalletApi):
    @extend_schema(
        operation_id="oid4vci_credential_offer",
        tags=["wallets"],
        summary="The credential offer an exchange's credential_offer_uri names",
        responses={200: Document, **error_responses(404, 409, 410)},
    )
    def get(self, request, exchange_id: str):
        exchange = exchange_or_404(exchange_id)
        services.check_open(exchange)
        return Response(oid4vci.credential_offer(exchange), headers=NO_STORE)


class Oid4vciTokenInput(serializers.Serializer):
    grant_type = serializers.CharField()
    pre_authorized_code = serializers.CharField(source="pre-authorized_code")
    tx_code = serializers.CharField(required=False)


class Token(WalletApi):
    parser_classes = (FormParser, JSONParser)

    @extend_schema(
        operation_id="oid4vci_token",
        tags=["wallets"],
        summary="Token endpoint: the pre-authorized code grant",
        request={"application/x-www-form-urlencoded": Oid4vciTokenInput},
        responses={
            200: inline_serializer(
                "Oid4vciToken",
                {
                    "access_token": serializers.CharField(),
                    "token_type": serializers.CharField(),
                    "expires_in": serializers.IntegerField(),
                },
            ),
            **error_responses(400),
        },
    )
    def post(self, request):
        data = request.data
        if data.get("grant_type") != oid4vci.PRE_AUTHORIZED:
            raise ExchangeError(
                400,
                "unsupported_grant_type",
                _("This token endpoint takes the grant type %(grant_type)s only.")
                % {"grant_type": oid4vci.PRE_AUTHORIZED},
            )
        code = data.get("pre-authorized_code")
        if not isinstance(code, str) or not code:
            raise ExchangeError(400, "invalid_request", _("pre-authorized_code is missing."))
        tx_code = data.get("tx_code")
        exchange = services.oid4vci_token(
            pre_authorized_code=code, tx_code=tx_code if isinstance(tx_code, str) else None
        )
        expires_in = int((exchange.expires_at - exchange.token_issued_at).total_seconds())
        return Response(
            {
                "access_token": exchange.access_token,
                "token_type": "Bearer",
                "expires_in": max(expires_in, 0),
            },
            headers=NO_STORE,
        )


class Nonce(WalletApi):
    @extend_schema(
        operation_id="oid4vci_nonce",
        tags=["wallets"],
        summary="Nonce endpoint: a fresh c_nonce for a key proof",
        request=None,
        responses={200: inline_serializer("Oid4vciNonce", {"c_nonce": serializers.CharField()})},
    )
    def post(self, request):
        return Response({"c_nonce": services.nonce_create().value}, headers=NO_STORE)


class Oid4vciCredentialInput(serializers.Serializer):
    credential_configuration_id = serializers.ChoiceField(choices=list(FORMATS))
    proofs = serializers.JSONField(help_text='{"jwt": ["<key proof JWT>"]}')


class Credential(WalletApi):
    @extend_schema(
        operation_id="oid4vci_credential",
        tags=["wallets"],
        summary="Credential endpoint: the OpenBadgeCredential bound to the proof's key",
        request=Oid4vciCredentialInput,
        responses={
            200: inline_serializer("Oid4vciCredential", {"credentials": serializers.ListField()}),
            **error_responses(400, 401, 409, 410),
        },
    )
    def post(self, request):
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ExchangeError(401, "invalid_token", _("Send the access token as a Bearer token."))
        data = request.data if isinstance(request.data, dict) else {}
        fmt = FORMATS.get(data.get("credential_configuration_id"))
        if fmt is None:
            raise ExchangeError(
                400,
                "unknown_credential_configuration",
                f"credential_configuration_id must be one of {', '.join(FORMATS)}.",
            )
        proofs = data.get("proofs")
        if isinstance(proofs, dict) and isinstance(proofs.get("jwt"), list) and proofs["jwt"]:
            proof_jwt = proofs["jwt"][0]
        elif isinstance(data.get("proof"), dict) and data["proof"].get("proof_type") == "jwt":
            proof_jwt = data["proof"].get("jwt")  # the pre-1.0 drafts' single proof
        else:
            raise ExchangeError(
                400, "invalid_proof", 'Send the key proof as {"proofs": {"jwt": ["<JWT>"]}}.'
            )
        credential = services.exchange_collect_oid4vci(
            access_token=token, fmt=fmt, proof_jwt=proof_jwt
        )
        return Response({"credentials": [{"credential": credential}]}, headers=NO_STORE)
