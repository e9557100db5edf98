"""Template tags of the site's frame: the main menu and social link names."""

from django import template
from wagtail.models import Site

from portal.blocks import SOCIAL_PLATFORMS
from portal.menus import main_menu_items

register = template.Library()
PLATFORM_NAMES = dict(SOCIAL_PLATFORMS)


@register.filter
def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


@register.inclusion_tag("portal/includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The live, public pages under the site's root that editors marked "Show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return {
        "items": main_menu_items(site) if site else [],
        "current": request.path if request else "",
    }


@register.simple_tag(takes_context=True)
def issues_badges(context, user) -> bool:
    """Whether the header offers "Issuing": to issuer staff and operators (once per request)."""
    if not getattr(user, "is_authenticated", False):
        return False
    request = context.get("request")
    cached = getattr(request, "_laurel_issues_badges", None)
    if cached is None:
        from workspace.selectors import issuer_memberships

        cached = user.is_superuser or issuer_memberships(user=user).exists()
        if request is not None:
            request._laurel_issues_badges = cached
    return cached
