"""App config for search: backends, index sync and rebuild commands."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
