"""Wagtail page models of the portal. Page models hold presentation queries only."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .outbox import OutboxMessage

__all__ = ["HomePage", "OutboxMessage"]


class HomePage(Page):
    """The site's front page: a hero line and an introduction, edited in Wagtail."""

    hero_heading = models.CharField(max_length=120, blank=True)
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
