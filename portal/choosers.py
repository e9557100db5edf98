"""Admin choosers: a badge class (search, issuer filter, image preview) and an issuer."""

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

from badges.models import Issuer


class BadgeClassFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search badges by name")}),
    )
    issuer = forms.ModelChoiceField(
        label=_("Issuer"),
        queryset=Issuer.objects.order_by("name"),
        required=False,
        empty_label=_("All issuers"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects: QuerySet) -> QuerySet:
        # Imported here: the selectors use the page models, whose blocks import this module.
        from .selectors import badge_class_search

        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = badge_class_search(badges=objects, text=query)
        if self.cleaned_data.get("issuer"):
            objects = objects.filter(issuer=self.cleaned_data["issuer"])
        return objects


class BadgeImageColumn(Column):
    """A small preview of the badge image, so editors pick the badge they recognise."""

    cell_template_name = "portal/admin/badge_image_cell.html"

    def get_value(self, instance) -> str:
        return reverse("badges:image", kwargs={"kind": "badges", "entity_id": instance.entity_id})


class BadgeChooseMixin:
    filter_form_class = BadgeClassFilterForm
    per_page = 20

    def get_object_list(self) -> QuerySet:
        return self.model_class.objects.filter(archived=False, draft=False).select_related("issuer")

    @property
    def columns(self) -> list[Column]:
        return [
            BadgeImageColumn("image", label=_("Image"), width="10%"),
            self.title_column,
            Column("issuer", label=_("Issuer"), accessor="issuer.name"),
            Column("level", label=_("Level"), accessor="get_level_display"),
        ]


class BadgeChooseView(BadgeChooseMixin, ChooseView):
    pass


class BadgeChooseResultsView(BadgeChooseMixin, ChooseResultsView):
    pass


class BadgeClassChooserViewSet(SnippetChooserViewSet):
    """The chooser of the read-only "Badges" snippet (see wagtail_hooks.py)."""

    choose_view_class = BadgeChooseView
    choose_results_view_class = BadgeChooseResultsView


class IssuerChooserViewSet(ChooserViewSet):
    model = "badges.Issuer"
    icon = "group"
    choose_one_text = _("Choose an issuer")
    choose_another_text = _("Choose another issuer")
    edit_item_text = None
    url_filter_parameters = []


issuer_chooser_viewset = IssuerChooserViewSet("issuer_chooser")
