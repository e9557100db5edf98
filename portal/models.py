"""Wagtail pages, site settings and pathway records of the portal.

Page models hold presentation queries only; reads live in selectors.py, writes in services.py.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from . import (
    pathway_records,  # noqa: F401  (its models register with the app from here)
    pathways,
)
from .blocks import CatalogueStreamBlock, LinkBlock, SocialLinkBlock, steps_block
from .localized import DefaultLocaleFallback
from .selectors import badge_cards, pathway_view

__all__ = [
    "CatalogueIndexPage",
    "CataloguePage",
    "HomePage",
    "PathwayIndexPage",
    "PathwayPage",
    "SiteSettings",
    "StandardPage",
]

INTRO_FEATURES = ["bold", "italic", "link"]
BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
# Wagtail's admin page search matches autocomplete fields, so editors find pages by intro too.
INTRO_SEARCH = [index.SearchField("intro"), index.AutocompleteField("intro")]
GROUP_DEPTH = 3  # groups inside groups inside groups: deep enough, still readable on a page


class OneChildTypeRouteMixin:
    """Route to a child in one query: an index page holds children of a single page type.

    Wagtail's own routing reads the child as a generic page, then again as its specific
    type; catalogue and pathway indexes know the type, which keeps their pages cheap.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        (child_type,) = self.subpage_types
        child = apps.get_model(child_type).objects.child_of(self).filter(slug=path_components[0])
        subpage = child.first()
        if subpage is None:
            raise Http404
        subpage._cached_parent_obj = self
        return subpage.route(request, path_components[1:])


class HomePage(DefaultLocaleFallback, Page):
    """The front page: hero, search box, featured catalogues and pathways, latest badges."""

    hero_heading = models.CharField(max_length=120, blank=True)
    intro = RichTextField(blank=True, features=INTRO_FEATURES)
    search_label = models.CharField(
        max_length=80,
        default="Search badges",
        help_text=_("Label of the search box; it searches the public catalogue."),
    )
    featured = StreamField(
        [
            (
                "page",
                wagtail_blocks.PageChooserBlock(
                    page_type=["portal.CataloguePage", "portal.PathwayPage"],
                    label=_("Catalogue or pathway"),
                ),
            )
        ],
        blank=True,
        help_text=_("Catalogues and pathways shown under the hero, in this order."),
    )
    latest_badges_heading = models.CharField(max_length=120, default="Latest badges", blank=True)
    latest_badges_count = models.PositiveSmallIntegerField(
        default=6, help_text=_("How many of the newest badges to show; 0 hides the list.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("intro"), FieldPanel("search_label")],
            heading=_("Hero"),
        ),
        FieldPanel("featured"),
        MultiFieldPanel(
            [FieldPanel("latest_badges_heading"), FieldPanel("latest_badges_count")],
            heading=_("Latest badges"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.CatalogueIndexPage", "portal.PathwayIndexPage", "portal.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_badges"] = (
            badge_cards(order="newest", limit=self.latest_badges_count)
            if self.latest_badges_count
            else []
        )
        return context


class CatalogueIndexPage(OneChildTypeRouteMixin, Page):
    """Lists the catalogues below it."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *INTRO_SEARCH]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.CataloguePage"]

    class Meta:
        verbose_name = _("catalogue index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogues"] = CataloguePage.objects.child_of(self).live().public()
        return context


class CataloguePage(Page):
    """An editor-curated catalogue of badges."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)
    body = StreamField(CatalogueStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, *INTRO_SEARCH, index.SearchField("body")]
    parent_page_types = ["portal.CatalogueIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("catalogue page")

    def get_context(self, request, *args, **kwargs):
        from .fragments import catalogue_body_key

        context = super().get_context(request, *args, **kwargs)
        context["body_cache_key"] = catalogue_body_key(self, request)
        context["body_cache_seconds"] = settings.LAUREL_CATALOGUE_CACHE_SECONDS
        return context


class PathwayIndexPage(OneChildTypeRouteMixin, Page):
    """Lists the pathways below it."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *INTRO_SEARCH]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.PathwayPage"]

    class Meta:
        verbose_name = _("pathway index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pathways"] = PathwayPage.objects.child_of(self).live().public()
        return context


class PathwayPage(Page):
    """An earning pathway: groups of badge steps with rules, prerequisites and completion badges.

    The pathway itself is the outermost group: `rule`, `required_count` and `completion_badge`
    apply to the steps directly under it. See portal/pathways.py for the rules.
    """

    intro = RichTextField(blank=True, features=INTRO_FEATURES)
    rule = models.CharField(
        max_length=10,
        choices=[
            (pathways.ALL, _("All steps are required")),
            (pathways.N_OF_M, _("N of the steps")),
        ],
        default=pathways.ALL,
    )
    required_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name=_("N"),
        help_text=_("For “N of the steps”: how many of the steps below are needed."),
    )
    completion_badge = models.ForeignKey(
        "badges.BadgeClass",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # deleting a badge class must not fail on a page using it
        related_name="+",
        help_text=_("Awarded when the whole pathway is complete (optional)."),
    )
    completion = models.CharField(
        max_length=10,
        choices=[
            (pathways.AUTO, _("Award automatically")),
            (pathways.REVIEW, _("Ask the issuer first")),
        ],
        default=pathways.AUTO,
        verbose_name=_("completion award"),
    )
    steps = StreamField(
        steps_block(GROUP_DEPTH),
        blank=True,
        use_json_field=True,
        help_text=_("In the suggested order. Groups can hold their own steps and rules."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("rule"),
                FieldPanel("required_count"),
                FieldPanel("completion_badge"),
                FieldPanel("completion"),
            ],
            heading=_("When is the pathway complete?"),
        ),
        FieldPanel("steps"),
    ]
    search_fields = [*Page.search_fields, *INTRO_SEARCH, index.SearchField("steps")]
    parent_page_types = ["portal.PathwayIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("pathway page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pathway"] = pathway_view(page=self, user=request.user)
        return context

    def structure(self) -> pathways.Group:
        """The pathway as the rule engine's tree, read from the stored step data."""
        return pathways.from_stream(
            self.steps.raw_data,
            title=self.title,
            rule=self.rule,
            n=self.required_count,
            completion_badge_id=self.completion_badge_id,
            completion=self.completion,
        )

    def badge_class_ids(self) -> list[int]:
        """Every badge class the pathway names: its steps and its completion badges."""
        return pathways.badge_ids(self.structure())

    def clean(self):
        super().clean()
        root = self.structure()
        # Messages about the pathway's own rule belong beside N; the rest beside the steps.
        rule_errors = pathways.group_errors(root, is_root=True)
        step_errors = [e for e in pathways.validate(root) if e not in rule_errors]
        errors = {"required_count": rule_errors, "steps": step_errors}
        if rule_errors or step_errors:
            raise ValidationError({field: found for field, found in errors.items() if found})


class StandardPage(Page):
    """An about or help page."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)
    body = RichTextField(blank=True, features=BODY_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, *INTRO_SEARCH, index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


# Site settings -------------------------------------------------------------------------------


def default_site_name() -> str:
    """The site name from LAUREL_SITE_NAME until an editor sets one in the site settings."""
    return settings.WAGTAIL_SITE_NAME


COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give the colour as # and six hex digits: #1f6f43.")
)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Branding and links used by every page of the site."""

    site_name = models.CharField(max_length=80, default=default_site_name)
    tagline = models.CharField(
        max_length=160, blank=True, default="Open Badges for learners, issuers and verifiers"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accent_colour = models.CharField(
        max_length=7,
        default="#1f6f43",
        validators=[COLOUR],
        help_text=_("Links and buttons. Keep it dark enough for white text on it (WCAG AA)."),
    )
    ink_colour = models.CharField(
        max_length=7, default="#1b1f24", validators=[COLOUR], help_text=_("Body text.")
    )
    wash_colour = models.CharField(
        max_length=7, default="#f4f7f5", validators=[COLOUR], help_text=_("Page background.")
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True, use_json_field=True)

    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("logo")], heading=_("Brand")
        ),
        MultiFieldPanel(
            [FieldPanel("accent_colour"), FieldPanel("ink_colour"), FieldPanel("wash_colour")],
            heading=_("Colours"),
        ),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")
