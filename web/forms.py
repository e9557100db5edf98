"""Form helpers shared by every app's pages."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

T = TypeVar("T")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: field errors beside their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def call_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """What the service call made, or None when it refused (its reasons then stand on the form).

    Only for services that return something when they succeed."""
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def render_form(
    request: HttpRequest, template: str, context: dict, form: forms.Form | None = None
) -> HttpResponse:
    """Render a form page: 400 while the form (context["form"] unless given) shows errors."""
    form = context["form"] if form is None else form
    return render(request, template, context, status=400 if form.errors else 200)


def optional_datetime(label: str, help_text: str = "") -> forms.DateTimeField:
    """An optional date and time, picked with the browser's own date-time control."""
    return forms.DateTimeField(
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


def unspelled_textarea(rows: int) -> forms.Textarea:
    """A text box for addresses, codes or JSON, which a spelling checker would only mark red."""
    return forms.Textarea(attrs={"rows": rows, "spellcheck": "false"})
