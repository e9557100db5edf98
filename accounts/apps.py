"""App config for accounts: the custom User, allauth integration and OAuth2 client rules."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from oauth2_provider.models import get_application_model

        from .oauth import validate_redirect_uris

        # The toolkit allows a scheme for every host or none; this narrows http to loopback
        # wherever a client is registered (Django admin, /o/applications/), as a form error.
        field = get_application_model()._meta.get_field("redirect_uris")
        if validate_redirect_uris not in field.validators:
            field.validators.append(validate_redirect_uris)
