"""Wagtail admin additions: a read-only "Badges" menu with the badge chooser; the issuer chooser."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from badges.models import BadgeClass

from .choosers import BadgeClassChooserViewSet, BadgeImageColumn, issuer_chooser_viewset


class ViewOnlyPolicy(BasePermissionPolicy):
    """Everyone who may use the Wagtail admin may look; nobody may change anything here.

    Badge classes belong to issuers, who edit them where their rights are checked
    (badges.services); the CMS only shows and chooses them.
    """

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm("wagtailadmin.access_admin")

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        admin_access = {"codename": "access_admin", "content_type__app_label": "wagtailadmin"}
        return users.filter(
            Q(is_superuser=True)
            | Q(**{f"user_permissions__{k}": v for k, v in admin_access.items()})
            | Q(**{f"groups__permissions__{k}": v for k, v in admin_access.items()})
        ).distinct()


register_permission_policy(BadgeClass, ViewOnlyPolicy(BadgeClass))


class BadgeClassViewSet(SnippetViewSet):
    model = BadgeClass
    icon = "tag"
    menu_label = _("Badges")
    menu_name = "badges"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",  # the first column links to the read-only inspect view
        BadgeImageColumn("image", label=_("Image"), width="8%"),
        Column("issuer", label=_("Issuer"), accessor="issuer.name"),
        "level",
        "badge_type",
        BooleanColumn("archived", label=_("Archived")),
    ]
    list_filter = ["issuer", "level", "badge_type", "archived"]
    search_fields = ["name", "description"]
    inspect_view_fields = [
        "name", "issuer", "description", "criteria_url", "criteria_narrative", "tags",
        "level", "badge_type", "time_to_earn_value", "time_to_earn_unit", "archived",
    ]  # fmt: skip
    chooser_viewset_class = BadgeClassChooserViewSet

    def get_queryset(self, request):
        return BadgeClass.objects.select_related("issuer")


register_snippet(BadgeClassViewSet)


@hooks.register("register_admin_viewset")
def register_issuer_chooser():
    return issuer_chooser_viewset
