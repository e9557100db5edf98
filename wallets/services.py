"""Wallet writes: open an exchange for an award, collect it (once) by VC-API or OID4VCI, and an
issuer's choice to offer wallet collection."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from badges.credentials import holder_credential_json, holder_credential_jwt
from badges.models import Assertion, Issuer

from . import oid4vci
from .errors import ExchangeError
from .models import (
    TX_CODE_TRIES,
    IssuerWalletSettings,
    Protocol,
    WalletExchange,
    WalletNonce,
    new_secret,
    new_tx_code,
)
from .selectors import collection_offered


def exchange_create(
    *, assertion: Assertion, user: User | None, tx_code: bool = True, handout: bool = False
) -> WalletExchange:
    """A new exchange for the award, open for LAUREL_WALLET_EXCHANGE_MINUTES; `handout` when
    the issuer's staff opens it to show its QR code to the recipient in person."""
    if assertion.revoked:
        raise ExchangeError(409, "revoked", _("A revoked award cannot be added to a wallet."))
    if not collection_offered(issuer=assertion.issuer):
        raise ExchangeError(
            403,
            "not_offered",
            _("%(issuer)s does not offer collection into wallets.")
            % {"issuer": assertion.issuer.name},
        )
    now = timezone.now()
    return WalletExchange.objects.create(
        assertion=assertion,
        created_by=user,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.LAUREL_WALLET_EXCHANGE_MINUTES),
        tx_code=new_tx_code() if tx_code else "",
        handout=handout,
    )


def check_open(exchange: WalletExchange) -> None:
    """ExchangeError unless the exchange can still be collected."""
    if exchange.collected:
        raise ExchangeError(
            409,
            "already_collected",
            _(
                "This exchange was already collected into a wallet; make a new one from the badge "
                "page to add the badge to another wallet."
            ),
        )
    if exchange.expired:
        raise ExchangeError(
            410,
            "expired",
            _("This exchange has expired; make a new one from the badge page."),
        )
    if exchange.assertion.revoked:
        raise ExchangeError(409, "revoked", _("The award was revoked; it cannot be collected."))


def exchange_collect(
    *,
    exchange_id: int,
    protocol: str,
    credential_format: str,
    holder_of: Callable[[WalletExchange], str],
    issue: Callable[[Assertion, str], dict | str],
) -> dict | str:
    """Collects the exchange once: under a row lock, checks it is open, asks holder_of (the
    protocol's proof check) for the wallet's DID, issues the credential for it and records
    when, to which DID and by which protocol. Nothing is written when a check fails."""
    with transaction.atomic():
        exchange = (
            WalletExchange.objects.select_for_update()
            .select_related("assertion__issuer", "assertion__badge_class")
            .get(pk=exchange_id)
        )
        check_open(exchange)
        holder = holder_of(exchange)
        credential = issue(exchange.assertion, holder)
        exchange.collected_at = timezone.now()
        exchange.protocol = protocol
        exchange.holder = holder
        exchange.credential_format = credential_format
        exchange.save(update_fields=["collected_at", "protocol", "holder", "credential_format"])
    return credential


def exchange_collect_vcapi(*, exchange_id: int, holder_of: Callable[[WalletExchange], str]) -> dict:
    """Collects the exchange by VC-API: the Data Integrity credential for the DIDAuth holder."""
    return exchange_collect(
        exchange_id=exchange_id,
        protocol=Protocol.VCAPI,
        credential_format="ldp_vc",
        holder_of=holder_of,
        issue=holder_credential_json,
    )


NONCE_SECONDS = 300
ISSUE = {"ldp_vc": holder_credential_json, "jwt_vc_json": holder_credential_jwt}


def _invalid_grant(description: str) -> ExchangeError:
    return ExchangeError(400, "invalid_grant", description)


def oid4vci_token(*, pre_authorized_code: str, tx_code: str | None) -> WalletExchange:
    """Trades the offer's pre-authorized code (and its transaction code) for an access token,
    once; the token lasts as long as the exchange."""
    with transaction.atomic():
        exchange = (
            WalletExchange.objects.select_for_update()
            .filter(pre_authorized_code=pre_authorized_code)
            .first()
        )
        if exchange is None:
            raise _invalid_grant(_("The pre-authorized code is not one this issuer gave."))
        if exchange.access_token or exchange.collected:
            raise _invalid_grant(_("The pre-authorized code was used already; it works once."))
        if exchange.expired:
            raise _invalid_grant(_("The credential offer has expired; make a new one."))
        if exchange.tx_code_failures >= TX_CODE_TRIES:
            raise _invalid_grant(
                _(
                    "The transaction code was wrong too many times; make a new offer on the "
                    "badge's wallet page."
                )
            )
        wrong = bool(exchange.tx_code) and tx_code != exchange.tx_code
        if wrong:
            # Counted, and kept: the refusal below is outside this transaction.
            exchange.tx_code_failures += 1
            exchange.save(update_fields=["tx_code_failures"])
        else:
            exchange.access_token = new_secret()
            exchange.token_issued_at = timezone.now()
            exchange.save(update_fields=["access_token", "token_issued_at"])
    if wrong:
        raise _invalid_grant(
            _("The transaction code is wrong: type the code shown on the badge's wallet page.")
        )
    return exchange


def nonce_create() -> WalletNonce:
    """A fresh c_nonce for a key proof (the nonce endpoint)."""
    return WalletNonce.objects.create()


def _nonce_use(value: str) -> None:
    """Marks the nonce used; ExchangeError(invalid_nonce) if it is unknown, stale or used."""
    fresh_after = timezone.now() - timedelta(seconds=NONCE_SECONDS)
    used = WalletNonce.objects.filter(
        value=value, used_at__isnull=True, created_at__gt=fresh_after
    ).update(used_at=timezone.now())
    if not used:
        raise ExchangeError(
            400,
            "invalid_nonce",
            _(
                "The key proof's nonce is not a fresh one from the nonce endpoint, or it was used "
                "already: get a new c_nonce and sign it."
            ),
        )


def exchange_collect_oid4vci(*, access_token: str, fmt: str, proof_jwt: object) -> dict | str:
    """Collects the exchange the access token opens, in format fmt, for the key the proof
    binds (its nonce used up with it)."""
    exchange = (
        WalletExchange.objects.filter(access_token=access_token).first() if access_token else None
    )
    if exchange is None:
        raise ExchangeError(
            401, "invalid_token", _("The access token is not one this issuer gave.")
        )

    def holder_of(_locked: WalletExchange) -> str:
        holder, nonce = oid4vci.proof_holder(proof_jwt)
        _nonce_use(nonce)
        return holder

    return exchange_collect(
        exchange_id=exchange.pk,
        protocol=Protocol.OID4VCI,
        credential_format=fmt,
        holder_of=holder_of,
        issue=ISSUE[fmt],
    )


def issuer_wallet_settings_save(*, issuer: Issuer, offer_collection: bool) -> IssuerWalletSettings:
    found, _created = IssuerWalletSettings.objects.update_or_create(
        issuer=issuer, defaults={"offer_collection": offer_collection}
    )
    return found
