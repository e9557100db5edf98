"""The addresses of an exchange: the VC-API exchange URL, the interaction URL, the LCW deep
links, the CHAPI request and the OID4VCI credential offer, all under LAUREL_BASE_URL."""

from urllib.parse import quote, urlencode, urlsplit

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import WalletExchange

CREDENTIAL_CONFIGURATIONS = {
    "ldp_vc": "OpenBadgeCredential_ldp_vc",
    "jwt_vc_json": "OpenBadgeCredential_jwt_vc_json",
}


def absolute(path: str) -> str:
    return settings.LAUREL_BASE_URL + path


def domain() -> str:
    """The domain a wallet's DIDAuth presentation must name: this site's host (and port)."""
    return urlsplit(settings.LAUREL_BASE_URL).netloc


def exchange_url(exchange: WalletExchange) -> str:
    return absolute(reverse("wallets:vcapi-exchange", args=[exchange.entity_id]))


def interaction_url(exchange: WalletExchange) -> str:
    return absolute(reverse("wallets:interact", args=[exchange.entity_id])) + "?iuv=1"


def lcw_link(exchange: WalletExchange, *, scheme: str = "https://lcw.app/request") -> str:
    """The Learner Credential Wallet's request link (`dccrequest://request` is its app form)."""
    query = urlencode(
        {
            "issuer": domain(),
            "auth_type": "bearer",
            "challenge": exchange.entity_id,
            "vc_request_url": exchange_url(exchange),
        },
        quote_via=quote,
    )
    return f"{scheme}?{query}"


def dcc_link(exchange: WalletExchange) -> str:
    return lcw_link(exchange, scheme="dccrequest://request")


def offer_uri(exchange: WalletExchange) -> str:
    return absolute(reverse("wallets:oid4vci-offer", args=[exchange.entity_id]))


def offer_link(exchange: WalletExchange) -> str:
    """The OID4VCI credential offer by reference, as a wallet scans it."""
    return "openid-credential-offer://?" + urlencode(
        {"credential_offer_uri": offer_uri(exchange)}, quote_via=quote
    )


def qr_svg(text: str) -> str:
    """The QR code of text as inline SVG (segno; the text is ours, never the user's)."""
    return segno.make(text, error="m").svg_inline(scale=4, title=_("Wallet QR code"))


def award_wallet_url(*, assertion) -> str:
    """For the award email: the badge's page in the recipient's backpack, at its *Add to a
    wallet* button; "" when the issuer does not offer wallet collection."""
    from .selectors import collection_offered

    if not collection_offered(issuer=assertion.badge_class.issuer):
        return ""
    return absolute(reverse("backpack:badge", args=[assertion.entity_id])) + "#wallet-heading"
