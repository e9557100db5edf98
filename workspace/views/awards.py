"""Awarding: to one recipient, to a pasted list or a CSV (previewed, then all or nothing as a
task), the awards list with search, filters, revoke and resend, and a batch's progress."""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from badges.award_rows import rows_from_csv, rows_from_list
from badges.models import AwardJob, AwardJobKind
from badges.services.awards import (
    BatchError,
    assertion_award,
    assertion_notify_again,
    assertion_revoke_batch,
    assertion_rows_check,
    award_job_create,
    award_job_progress,
)
from badges.services.renewals import assertion_renew, renew_job_create
from wallets import selectors as wallet_selectors
from wallets import services as wallet_services
from wallets.errors import ExchangeError
from web.confirm import confirm_page
from web.forms import add_service_errors
from web.keyset import BadCursor, keyset_page

from .. import selectors
from ..forms import AwardForm, CsvForm, EvidenceFormSet, PasteForm, RevokeForm, filled_rows
from . import badge_or_404, issuer_view

PREVIEW_ROWS = 200


@issuer_view("award")
@require_http_methods(["GET", "POST"])
def award(request, issuer, role, badge_id: str):
    badge = badge_or_404(issuer, badge_id)
    posted = request.method == "POST"
    mode = request.POST.get("mode", "one") if posted else "one"

    def data(name: str):
        """Only the posted form is bound: a GET (or another mode's POST) shows it empty."""
        return request.POST if posted and mode == name else None

    one = AwardForm(data("one"), initial=_prefill(request))
    evidence = EvidenceFormSet(data("one"), prefix="evidence")
    paste = PasteForm(data("paste"))
    upload = CsvForm(data("csv"), request.FILES if data("csv") is not None else None)
    context = {
        "issuer": issuer,
        "role": role,
        "section": "badges",
        "badge": badge,
        "one": one,
        "evidence": evidence,
        "paste": paste,
        "upload": upload,
        "mode": mode,
    }
    if request.method == "POST":
        if mode == "one" and one.is_valid() and evidence.is_valid():
            try:
                made = assertion_award(
                    badge_class=badge,
                    user=request.user,
                    notify=one.cleaned_data["notify"],
                    **one.to_row(filled_rows(evidence)),
                )
            except BatchError as exc:  # one row: its errors go beside the fields
                add_service_errors(one, ValidationError(exc.rows[1]))
            except ValidationError as exc:
                add_service_errors(one, exc)
            else:
                messages.success(
                    request,
                    _("Awarded %(badge)s to %(recipient)s.")
                    % {"badge": badge.name, "recipient": made.recipient_identity},
                )
                return HttpResponseRedirect(_awards_url(issuer, badge))
        elif mode in ("paste", "csv", "confirm"):
            return _batch(request, badge, context)
        elif mode not in ("one", "paste", "csv"):
            return HttpResponse("Unknown award mode.", status=400, content_type="text/plain")
    return render(
        request, "workspace/award.html", context, status=400 if request.method == "POST" else 200
    )


def _prefill(request) -> dict:
    """A link may fill in the recipient and the narrative (the pathway review email does): the
    issuer sees them in the form and awards with one submit."""
    initial = {}
    if recipient := request.GET.get("recipient", "").strip()[:500]:
        initial["recipient_identity"] = recipient
    if narrative := request.GET.get("narrative", "").strip()[:2000]:
        initial["narrative"] = narrative
    return initial


def _batch(request, badge, context):
    """Read the rows, show each with its errors; on confirm, queue them all or nothing."""
    mode = context["mode"]
    source, notify = "", True
    try:
        if mode == "confirm":
            source, kind = request.POST.get("source", ""), request.POST.get("kind", "csv")
            notify = request.POST.get("notify") == "1"
            rows = (
                rows_from_csv(source)
                if kind == "csv"
                else rows_from_list(
                    source,
                    recipient_type=request.POST.get("recipient_type", "email"),
                    narrative=request.POST.get("narrative", ""),
                )
            )
        elif mode == "paste":
            form = context["paste"]
            if not form.is_valid():
                return render(request, "workspace/award.html", context, status=400)
            source, kind, notify = (
                form.cleaned_data["recipients"],
                "list",
                form.cleaned_data["notify"],
            )
            rows = rows_from_list(
                source,
                recipient_type=form.cleaned_data["recipient_type"],
                narrative=form.cleaned_data["narrative"],
            )
        else:
            form = context["upload"]
            if not form.is_valid():
                return render(request, "workspace/award.html", context, status=400)
            source, kind, notify = form.cleaned_data["file"], "csv", form.cleaned_data["notify"]
            rows = rows_from_csv(source)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "workspace/award.html", context, status=400)
    errors = assertion_rows_check(badge_class=badge, user=request.user, rows=rows)
    if mode == "confirm" and not errors:
        try:
            job = award_job_create(badge_class=badge, user=request.user, rows=rows, notify=notify)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return HttpResponseRedirect(
                reverse("workspace:job", args=[badge.issuer.entity_id, job.entity_id])
            )
    shown = [
        {"number": n, "row": row, "errors": errors.get(n, {})}
        for n, row in enumerate(rows, start=1)
        if n in errors or n <= PREVIEW_ROWS
    ]
    return render(
        request,
        "workspace/award_preview.html",
        {
            **context,
            "rows": shown,
            "row_count": len(rows),
            "error_count": len(errors),
            "hidden_count": max(0, len(rows) - len(shown)),
            "source": source,
            "kind": kind,
            "notify": notify,
            "recipient_type": request.POST.get("recipient_type", "email"),
            "narrative": request.POST.get("narrative", ""),
        },
        status=400 if errors else 200,
    )


@issuer_view("award")
@require_GET
def job(request, issuer, role, job_id: str):
    job = (
        AwardJob.objects.filter(entity_id=job_id, badge_class__issuer=issuer)
        .select_related("badge_class")
        .first()
    )
    if job is None:
        raise Http404(_("No such batch at this issuer."))
    done, total = award_job_progress(job=job)
    figures = {
        "status": job.status,
        "statusLabel": job.get_status_display(),
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 100,
        "awarded": job.awarded,
        "doneWord": _("renewed") if job.kind == AwardJobKind.RENEW else _("awarded"),
        "error": job.error,
        "finished": job.finished_at is not None,
    }
    if request.GET.get("format") == "json":
        return JsonResponse(figures)
    return render(
        request,
        "workspace/job.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "job": job,
            "badge": job.badge_class,
            "figures": figures,
            "awards_url": _awards_url(issuer, job.badge_class),
        },
    )


def _awards_url(issuer, badge) -> str:
    return reverse("workspace:awards", args=[issuer.entity_id, badge.entity_id])


@issuer_view("award")
@require_GET
def award_list(request, issuer, role, badge_id: str):
    badge = badge_or_404(issuer, badge_id)
    show = request.GET.get("show", "")
    show = show if show in selectors.AWARD_FILTERS else ""
    query = request.GET.get("q", "")[:200]
    awards = selectors.award_list(badge_class=badge, query=query, show=show)
    try:
        page = keyset_page(awards, cursor=request.GET.get("cursor", "")[:200])
    except BadCursor:
        return HttpResponseBadRequest(
            _("This page link is not one the awards list gave; open the list again."),
            content_type="text/plain",
        )
    kept = {key: value for key, value in (("q", query), ("show", show)) if value}
    in_wallets = wallet_selectors.collected_by_award(assertion_ids=[a.pk for a in page.rows])
    for award in page.rows:
        award.wallet_collections = in_wallets.get(award.pk, [])
    return render(
        request,
        "workspace/awards.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "badge": badge,
            "awards": page.rows,
            "page": page,
            "first_url": "?" + urlencode(kept),
            "newer_url": "?" + urlencode({**kept, "cursor": page.newer}) if page.newer else "",
            "older_url": "?" + urlencode({**kept, "cursor": page.older}) if page.older else "",
            "query": query,
            "show": show,
            "filters": selectors.AWARD_FILTERS,
        },
    )


SHOWN_RECIPIENTS = 50


def _chosen_or_back(request, issuer, badge):
    """The live awards ticked on the list (the query on a GET, the form on a POST), or a
    redirect back to the list saying to tick some."""
    given = request.POST if request.method == "POST" else request.GET
    chosen = list(selectors.awards_chosen(badge_class=badge, entity_ids=given.getlist("award")))
    if not chosen:
        messages.error(request, _("Tick at least one live award first."))
        return None, HttpResponseRedirect(_awards_url(issuer, badge))
    return chosen, None


def _recipients(chosen) -> list[str]:
    shown = [a.recipient_identity for a in chosen[:SHOWN_RECIPIENTS]]
    if len(chosen) > SHOWN_RECIPIENTS:
        more = len(chosen) - SHOWN_RECIPIENTS
        shown.append(ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more})
    return shown


def _ticked_awards_view(view):
    """A page about the awards ticked on a badge's list: the view gets the badge and those
    awards, or the list comes back saying to tick some."""

    @issuer_view("award")
    @require_http_methods(["GET", "POST"])
    @functools.wraps(view)
    def inner(request, issuer, role, badge_id: str):
        badge = badge_or_404(issuer, badge_id)
        chosen, back = _chosen_or_back(request, issuer, badge)
        if back:
            return back
        return view(request, issuer, role, badge, chosen)

    return inner


@_ticked_awards_view
def award_revoke(request, issuer, role, badge, chosen):
    """Revoke the ticked awards: a GET asks for the reason and confirmation, the POST revokes."""
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            done = assertion_revoke_batch(
                assertions=chosen, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("Revoked %(n)d award(s).", "Revoked %(n)d award(s).", len(done))
                % {"n": len(done)},
            )
            return HttpResponseRedirect(_awards_url(issuer, badge))
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=ngettext(
            "Revoke %(n)d award(s) of %(badge)s?",
            "Revoke %(n)d award(s) of %(badge)s?",
            len(chosen),
        )
        % {"n": len(chosen), "badge": badge.name},
        question=_(
            "A revoked badge stays revoked: anyone who checks it sees that it was "
            "revoked, and why. To give it back, award it again."
        ),
        details=_recipients(chosen),
        form=form,
        button=ngettext("Revoke %(n)d award(s)", "Revoke %(n)d award(s)", len(chosen))
        % {"n": len(chosen)},
        cancel_url=_awards_url(issuer, badge),
        carry=["award"],
        context={"issuer": issuer, "role": role, "section": "badges", "badge": badge},
        status=400 if form.is_bound else 200,
    )


@_ticked_awards_view
def award_resend(request, issuer, role, badge, chosen):
    """Send the award email again to the ticked awards' recipients: a GET lists them."""
    if request.method == "POST":
        sent, refused = 0, []
        for assertion in chosen:
            try:
                assertion_notify_again(assertion=assertion, user=request.user)
                sent += 1
            except ValidationError as exc:
                refused.append(f"{assertion.recipient_identity}: {' '.join(exc.messages)}")
        if sent:
            messages.success(
                request,
                ngettext(
                    "The award email goes again to %(n)d.",
                    "The award email goes again to %(n)d.",
                    sent,
                )
                % {"n": sent},
            )
        if refused:
            messages.error(request, _("Not sent to %(list)s") % {"list": "; ".join(refused[:10])})
        return HttpResponseRedirect(_awards_url(issuer, badge))
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=_("Send the award email of %(badge)s again?") % {"badge": badge.name},
        question=ngettext(
            "These %(n)d recipient(s) get the award email once more "
            "(those who turned the emails off do not).",
            "These %(n)d recipient(s) get the award email once more "
            "(those who turned the emails off do not).",
            len(chosen),
        )
        % {"n": len(chosen)},
        details=_recipients(chosen),
        button=ngettext("Send to %(n)d", "Send to %(n)d", len(chosen)) % {"n": len(chosen)},
        cancel_url=_awards_url(issuer, badge),
        carry=["award"],
        context={"issuer": issuer, "role": role, "section": "badges", "badge": badge},
    )


@_ticked_awards_view
def award_renew(request, issuer, role, badge, chosen):
    """Renew the ticked awards: a GET lists them; the POST renews one at once, or queues many
    as one job whose progress page it opens. Revoked or renewed awards are refused, named."""
    if request.method == "POST":
        notify = request.POST.get("notify", "1") == "1"
        try:
            if len(chosen) == 1:
                made = assertion_renew(assertion=chosen[0], user=request.user, notify=notify)
            else:
                job = renew_job_create(
                    badge_class=badge,
                    user=request.user,
                    entity_ids=[a.entity_id for a in chosen],
                    notify=notify,
                )
        except BatchError as exc:
            messages.error(
                request,
                _("Nothing was renewed. %(reasons)s")
                % {
                    "reasons": " ".join(
                        m for errors in exc.rows.values() for m in errors.get("renews", [])
                    )[:2000]
                },
            )
        except ValidationError as exc:
            messages.error(
                request, _("Nothing was renewed: %(reasons)s") % {"reasons": " ".join(exc.messages)}
            )
        else:
            if len(chosen) > 1:
                return HttpResponseRedirect(
                    reverse("workspace:job", args=[issuer.entity_id, job.entity_id])
                )
            if made.expires:
                message = _("Renewed the award to %(recipient)s, valid until %(date)s.") % {
                    "recipient": made.recipient_identity,
                    "date": f"{made.expires:%-d %b %Y}",
                }
            else:
                message = _("Renewed the award to %(recipient)s.") % {
                    "recipient": made.recipient_identity
                }
            messages.success(request, message)
        return HttpResponseRedirect(_awards_url(issuer, badge))
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=ngettext(
            "Renew %(n)d award(s) of %(badge)s?", "Renew %(n)d award(s) of %(badge)s?", len(chosen)
        )
        % {"n": len(chosen), "badge": badge.name},
        question=_(
            "Each recipient gets a new award of this badge, issued today with a new expiry, "
            "the same evidence and narrative, and linked to the award it renews; the old award "
            "stays valid until its own expiry. Recipients get the award email."
        ),
        details=_recipients(chosen),
        button=ngettext("Renew %(n)d award(s)", "Renew %(n)d award(s)", len(chosen))
        % {"n": len(chosen)},
        cancel_url=_awards_url(issuer, badge),
        carry=["award"],
        context={"issuer": issuer, "role": role, "section": "badges", "badge": badge},
    )


@issuer_view("award")
@require_http_methods(["GET", "POST"])
def award_wallet(request, issuer, role, badge_id: str, award_id: str):
    """Hand an award to its recipient in person (at an event): a GET asks, the POST opens a
    wallet exchange and shows its QR code for the recipient to scan with their wallet."""
    badge = badge_or_404(issuer, badge_id)
    award = selectors.award_list(badge_class=badge, show="all").filter(entity_id=award_id).first()
    if award is None:
        raise Http404(_("This badge has no such award."))
    if request.method == "POST":
        try:
            exchange = wallet_services.exchange_create(
                assertion=award, user=request.user, handout=True
            )
        except ExchangeError as exc:
            messages.error(request, exc.description)
            return HttpResponseRedirect(_awards_url(issuer, badge))
        return HttpResponseRedirect(reverse("wallets:exchange", args=[exchange.entity_id]))
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=_("Hand %(badge)s to %(recipient)s in a wallet?")
        % {"badge": badge.name, "recipient": award.recipient_identity},
        question=_(
            "The next page shows a QR code for the recipient to scan with their wallet app "
            "now, on their own phone. It works once, for a few minutes; the badge it gives names "
            "their wallet's key as well as %(recipient)s."
        )
        % {"recipient": award.recipient_identity},
        button=_("Show the QR code"),
        cancel_url=_awards_url(issuer, badge),
        context={"issuer": issuer, "role": role, "section": "badges", "badge": badge},
    )
