"""The wallets app: hands awards to credential wallets by VC-API exchange and OID4VCI."""

from django.apps import AppConfig


class WalletsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wallets"
    verbose_name = "Wallets"
