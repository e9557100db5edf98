"""Wallet pages: "Add to a wallet" on a learner's badge opens an exchange; its page shows the
QR code, the wallet links and the CHAPI request until it is collected or expires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backpack import selectors as backpack_selectors

from . import links, selectors, services, vcapi
from .errors import ExchangeError


@login_required
@require_POST
def exchange_add(request, entity_id: str):
    assertion = backpack_selectors.backpack_assertion_get(user=request.user, entity_id=entity_id)
    if assertion is None:
        raise Http404(_("There is no such badge in your backpack."))
    try:
        exchange = services.exchange_create(assertion=assertion, user=request.user)
    except ExchangeError as exc:
        messages.error(request, exc.description)
        return HttpResponseRedirect(reverse("backpack:badge", args=[entity_id]))
    return HttpResponseRedirect(reverse("wallets:exchange", args=[exchange.entity_id]))


@login_required
@require_GET
def exchange_page(request, exchange_id: str):
    exchange = selectors.own_exchange_get(user=request.user, entity_id=exchange_id)
    if exchange is None:
        raise Http404(_("There is no such wallet exchange of yours."))
    lcw = links.lcw_link(exchange)
    award = exchange.assertion
    if exchange.handout:  # opened by the issuer's staff from the awards list
        issuer_id, badge_id = award.issuer.entity_id, award.badge_class.entity_id
        back_url = reverse("workspace:awards", args=[issuer_id, badge_id])
        again_url = reverse("workspace:award-wallet", args=[issuer_id, badge_id, award.entity_id])
    else:
        back_url = reverse("backpack:badge", args=[award.entity_id])
        again_url = reverse("wallets:add", args=[award.entity_id])
    return render(
        request,
        "wallets/exchange.html",
        {
            "exchange": exchange,
            "award": award,
            "back_url": back_url,
            "again_url": again_url,
            "lcw_link": lcw,
            "dcc_link": links.dcc_link(exchange),
            "interaction_url": links.interaction_url(exchange),
            "exchange_url": links.exchange_url(exchange),
            "qr_svg": links.qr_svg(lcw),
            "chapi_request": vcapi.chapi_request(exchange),
            "offer_link": links.offer_link(exchange),
            "offer_qr_svg": links.qr_svg(links.offer_link(exchange)),
        },
    )
