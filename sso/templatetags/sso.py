"""{% institution_choices %}: the sign-in page's list of institutions, with a search box."""

from django import template
from django.conf import settings

from ..selectors import institutions_for_signin

register = template.Library()


@register.inclusion_tag("sso/_institution_choices.html", takes_context=True)
def institution_choices(context):
    request = context.get("request")
    institutions = list(institutions_for_signin())
    return {
        "institutions": institutions,
        "searchable": len(institutions) >= settings.LAUREL_SSO_SEARCH_FROM,
        "next": request.GET.get("next", "") if request else "",
    }


@register.simple_tag(takes_context=True)
def other_providers(context):
    """The social providers that are not institutions (those are listed apart, first)."""
    from allauth.socialaccount.adapter import get_adapter

    providers = get_adapter().list_providers(context["request"])
    return [p for p in providers if not p.app.settings.get("laurel_institution")]
