"""The wallets app: hands awards to credential wallets by VC-API exchange and OID4VCI."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wallets"
    verbose_name = _("Wallets")

    def ready(self) -> None:
        from badges.notifications import award_wallet_url

        from .links import award_wallet_url as wallet_url

        award_wallet_url.provide(wallet_url)
