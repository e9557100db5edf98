"""One confirmation step before a destructive action, the same on every page and without
JavaScript.

The action's button is a link (or a GET form, for chosen rows) to the action's own URL. A GET
there shows what will happen, with a form that posts back to the same URL; only the POST acts.
Every area frames the shared body (templates/includes/confirm.html) in its own layout."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass
class Confirmation:
    title: str  # the page's heading, such as "Delete Sea Survival?"
    question: str  # what happens, and what cannot be undone
    button: str  # the label of the button that acts
    cancel_url: str  # where Cancel goes: the page the action started from
    details: list[str] = field(default_factory=list)  # such as the awards chosen
    form: forms.Form | None = None  # a question the action needs answered (a reason)
    hidden: list[tuple[str, str]] = field(default_factory=list)


def confirm_page(
    request: HttpRequest,
    *,
    frame: str,
    title: str,
    question: str,
    button: str,
    cancel_url: str,
    details: Iterable[str] = (),
    form: forms.Form | None = None,
    carry: Iterable[str] = (),
    context: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the confirmation in `frame` (an area's template that includes the shared body).

    `carry` names parameters of the request (the query on a GET, the form on a POST shown
    again) that the confirming POST sends back as hidden fields, such as the chosen rows."""
    given = request.POST if request.method == "POST" else request.GET
    confirmation = Confirmation(
        title=title,
        question=question,
        button=button,
        cancel_url=cancel_url if cancel_url.startswith("/") else "/",
        details=list(details),
        form=form,
        hidden=[(name, value) for name in carry for value in given.getlist(name)],
    )
    return render(request, frame, {**(context or {}), "confirm": confirmation}, status=status)
