"""StreamField blocks of the portal's pages: catalogue content and the steps of a pathway."""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from badges.models import BadgeType, Level

from .choosers import issuer_chooser_viewset

CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters, digits and dashes, such as python-basics.")
)


class BadgeChooserBlock(SnippetChooserBlock):
    """A badge class picked with the badge chooser; loaded with its issuer in one query."""

    def __init__(self, **kwargs):
        super().__init__("badges.BadgeClass", **kwargs)

    def bulk_to_python(self, values):
        objects = self.target_model.objects.select_related("issuer").in_bulk(
            [v for v in values if v is not None]
        )
        seen: set[int] = set()
        result = []
        for pk in values:
            badge = objects.get(pk)
            # A badge named twice gets its own instance each time, as Wagtail's blocks expect.
            result.append(copy.copy(badge) if badge is not None and pk in seen else badge)
            seen.add(pk)
        return result

    class Meta:
        icon = "tag"


IssuerChooserBlock = issuer_chooser_viewset.get_block_class(
    name="IssuerChooserBlock", module_path="portal.blocks"
)


# Catalogue content -------------------------------------------------------------------------


class BadgeListBlock(blocks.StructBlock):
    """Badges chosen by hand, or picked by a rule (issuer, tags, level, type, order, limit)."""

    heading = blocks.CharBlock(required=False, max_length=120)
    source = blocks.ChoiceBlock(
        choices=[("chosen", _("Badges I choose")), ("rule", _("Badges matching a rule"))],
        default="chosen",
        help_text=_("Choose badges one by one, or let a rule keep the list up to date."),
    )
    badges = blocks.ListBlock(BadgeChooserBlock(), default=[], min_num=0, label=_("Chosen badges"))
    issuer = IssuerChooserBlock(required=False, help_text=_("Rule: only this issuer's badges."))
    tags = blocks.CharBlock(
        required=False, help_text=_("Rule: badges with any of these tags, separated by commas.")
    )
    level = blocks.ChoiceBlock(choices=Level.choices, required=False, help_text=_("Rule: level."))
    badge_type = blocks.ChoiceBlock(
        choices=BadgeType.choices, required=False, help_text=_("Rule: type of badge.")
    )
    order = blocks.ChoiceBlock(
        choices=[
            ("newest", _("Newest first")),
            ("most_earned", _("Most earned")),
            ("name", _("By name")),
        ],
        default="newest",
        help_text=_("Rule: order of the list."),
    )
    limit = blocks.IntegerBlock(
        default=12, min_value=1, max_value=100, help_text=_("Rule: at most.")
    )

    def clean(self, value):
        value = super().clean(value)
        if value["source"] == "chosen" and not [b for b in value["badges"] if b]:
            raise blocks.StructBlockValidationError(
                block_errors={"badges": ValidationError(_("Choose at least one badge."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        from .selectors import badge_cards

        context = super().get_context(value, parent_context)
        if value["source"] == "rule":
            context["badges"] = badge_cards(
                issuer_id=value["issuer"].pk if value["issuer"] else None,
                tags=[t.strip() for t in (value["tags"] or "").split(",") if t.strip()],
                level=value["level"] or "",
                badge_type=value["badge_type"] or "",
                order=value["order"],
                limit=value["limit"],
            )
        else:
            context["badges"] = [b for b in value["badges"] if b and not (b.archived or b.draft)]
        return context

    class Meta:
        icon = "list-ul"
        template = "portal/blocks/badge_list.html"


class PathwayTeaserBlock(blocks.StructBlock):
    pathway = blocks.PageChooserBlock(page_type="portal.PathwayPage")
    text = blocks.TextBlock(required=False, help_text=_("Shown instead of the pathway's intro."))

    class Meta:
        icon = "site"
        template = "portal/blocks/pathway_teaser.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "portal/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False, help_text=_("Link to a page of this site…"))
    url = blocks.URLBlock(required=False, help_text=_("…or to another site."))

    def clean(self, value):
        value = super().clean(value)
        if bool(value["page"]) == bool(value["url"]):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Give one link: a page or a URL."))}
            )
        return value

    class Meta:
        icon = "pick"
        template = "portal/blocks/call_to_action.html"


class CatalogueStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    badge = BadgeChooserBlock(template="portal/blocks/badge.html", label=_("Single badge"))
    badge_list = BadgeListBlock()
    pathway = PathwayTeaserBlock(label=_("Pathway teaser"))
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()


# Pathway steps -------------------------------------------------------------------------------

CODE_HELP = _("Optional short code (such as python-basics) that other steps can require.")
RULE_CHOICES = [
    ("all", _("All steps are required")),
    ("n_of_m", _("N of the steps are required")),
]
COMPLETION_CHOICES = [
    ("auto", _("Award automatically")),
    ("review", _("Ask the issuer to review first")),
]
REQUIRES_HELP = _(
    "Codes of steps or groups that must be done before this one, separated by commas. "
    "This is a hard prerequisite; the order of the steps is only a suggestion."
)


class BadgeStepBlock(blocks.StructBlock):
    badge = BadgeChooserBlock()
    code = blocks.CharBlock(
        required=False, max_length=50, help_text=CODE_HELP, validators=[CODE_VALIDATOR]
    )
    requires = blocks.CharBlock(required=False, max_length=250, help_text=REQUIRES_HELP)
    optional = blocks.BooleanBlock(
        required=False, help_text=_("Shown, but not needed by the rule.")
    )
    note = blocks.TextBlock(required=False, help_text=_("A tip shown with the step."))

    class Meta:
        icon = "tag"
        label = _("Badge step")


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    link = blocks.URLBlock(required=False)
    note = blocks.TextBlock(required=False)

    class Meta:
        icon = "link"
        label = _("Learning activity")
        help_text = _(
            "A course, event or resource elsewhere; it guides learners but is not counted."
        )


class NoteBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=["bold", "italic", "link"], **kwargs)

    class Meta:
        icon = "info-circle"
        label = _("Note")


def steps_block(depth: int, **kwargs) -> blocks.StreamBlock:
    """The steps of a pathway or group; groups nest `depth` levels deep."""
    children = [
        ("badge", BadgeStepBlock()),
        ("activity", ActivityBlock()),
        ("note", NoteBlock()),
    ]
    if depth > 0:
        children.append(("group", group_block(depth)))
    return blocks.StreamBlock(children, **kwargs)


def group_block(depth: int) -> blocks.StructBlock:
    return blocks.StructBlock(
        [
            ("title", blocks.CharBlock(max_length=200)),
            ("rule", blocks.ChoiceBlock(choices=RULE_CHOICES, default="all")),
            (
                "n",
                blocks.IntegerBlock(
                    required=False, min_value=1, help_text=_("For “N of M”: how many are needed.")
                ),
            ),
            (
                "optional",
                blocks.BooleanBlock(required=False, help_text=_("Not needed by the rule.")),
            ),
            (
                "code",
                blocks.CharBlock(
                    required=False, max_length=50, help_text=CODE_HELP, validators=[CODE_VALIDATOR]
                ),
            ),
            ("requires", blocks.CharBlock(required=False, max_length=250, help_text=REQUIRES_HELP)),
            (
                "completion_badge",
                BadgeChooserBlock(
                    required=False, help_text=_("Awarded when the group's rule is met (optional).")
                ),
            ),
            ("completion", blocks.ChoiceBlock(choices=COMPLETION_CHOICES, default="auto")),
            ("items", steps_block(depth - 1, label=_("Steps"))),
        ],
        icon="folder-open-inverse",
        label=_("Group of steps"),
    )


# Site links ----------------------------------------------------------------------------------


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text=_("Used when no page is chosen."))

    def clean(self, value):
        value = super().clean(value)
        if not value["page"] and not value["url"]:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give a URL."))}
            )
        return value

    class Meta:
        icon = "link"


SOCIAL_PLATFORMS = [
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("github", "GitHub"),
    ("other", _("Other")),
]


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock()

    class Meta:
        icon = "link-external"
