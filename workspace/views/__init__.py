"""Workspace pages: thin views over badges.services (writes) and workspace.selectors (reads)."""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from badges.permissions import RIGHT_NAMES, institutions_required, user_can

from .. import selectors


def issuer_view(right: str | None = None):
    """A page of one issuer: signed in, on its staff (else 404), with `right` (else 403).
    The view gets the issuer and the user's role after the request."""

    def wrap(view):
        @login_required
        @functools.wraps(view)
        def inner(request, issuer_id: str, *args, **kwargs):
            found = selectors.workspace_issuer(user=request.user, entity_id=issuer_id)
            if found is None:
                raise Http404(_("You are not on the staff of this issuer."))
            issuer, role = found
            required = institutions_required(request=request, issuer=issuer)
            if required:
                return institutional_sign_in(request, issuer, required)
            if right and not user_can(user=request.user, issuer=issuer, right=right):
                raise PermissionDenied(
                    _("Your role at %(issuer)s may not %(right)s; ask an owner.")
                    % {"issuer": issuer.name, "right": RIGHT_NAMES[right]}
                )
            return view(request, issuer, role, *args, **kwargs)

        return inner

    return wrap


def institutional_sign_in(request, issuer, required):
    """Send staff of an issuer that requires it to sign in through its institution first."""
    # Translators: joins the names of institutions, as in "Uni A or Uni B".
    names = _(" or ").join(institution.name for institution in required)
    messages.info(
        request,
        _("%(issuer)s asks its staff to sign in through %(names)s.")
        % {"issuer": issuer.name, "names": names},
    )
    query = {"next": request.get_full_path()}
    if len(required) == 1:
        query["idp"] = required[0].slug
    return redirect(f"{reverse('account_login')}?{urlencode(query)}")


def badge_or_404(issuer, entity_id: str):
    badge = selectors.workspace_badge(issuer=issuer, entity_id=entity_id)
    if badge is None:
        raise Http404(_("This issuer has no such badge class."))
    return badge


def upload(form, name: str = "image") -> tuple[bytes | None, str]:
    file = form.cleaned_data.get(name)
    if not file:
        return None, ""
    return file.read(), file.name
