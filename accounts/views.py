"""Account pages beyond allauth's: deleting one's account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from portal.forms import add_service_errors

from .selectors import issuers_held_by
from .services import user_delete


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type your password to confirm.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            logout(request)
            messages.success(request, "Your account and your backpack were deleted.")
            return HttpResponseRedirect("/")
    return render(
        request,
        "account/delete.html",
        {"form": form, "held": issuers_held_by(user=request.user)},
        status=400 if form.errors else 200,
    )
