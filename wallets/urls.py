"""Wallet URLs: the learner's exchange pages and the protocol endpoints wallets call."""

from django.urls import path

from . import views
from .api import vcapi

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
]
