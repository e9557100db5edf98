"""Wallet URLs: the learner's exchange pages and the protocol endpoints wallets call."""

from django.urls import path

from . import views
from .api import oid4vci, vcapi

app_name = "wallets"

urlpatterns = [
    path("wallets/badges/<str:entity_id>/add", views.exchange_add, name="add"),
    path("wallets/collect/<str:exchange_id>/", views.exchange_page, name="exchange"),
    path(
        "wallets/exchanges/<str:exchange_id>",
        vcapi.VcApiExchange.as_view(),
        name="vcapi-exchange",
    ),
    path("wallets/interact/<str:exchange_id>", vcapi.Interaction.as_view(), name="interact"),
    path(
        ".well-known/openid-credential-issuer",
        oid4vci.IssuerMetadata.as_view(),
        name="oid4vci-metadata",
    ),
    path(
        ".well-known/oauth-authorization-server",
        oid4vci.AuthorizationServerMetadata.as_view(),
        name="oid4vci-as-metadata",
    ),
    path(
        "wallets/oid4vci/offers/<str:exchange_id>",
        oid4vci.CredentialOffer.as_view(),
        name="oid4vci-offer",
    ),
    path("wallets/oid4vci/token", oid4vci.Token.as_view(), name="oid4vci-token"),
    path("wallets/oid4vci/nonce", oid4vci.Nonce.as_view(), name="oid4vci-nonce"),
    path("wallets/oid4vci/credential", oid4vci.Credential.as_view(), name="oid4vci-credential"),
]
