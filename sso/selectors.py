"""Reads of institutional sign-in: the institutions the sign-in page offers."""

from django.db.models import QuerySet

from .models import Institution


def institutions_for_signin() -> QuerySet[Institution]:
    return Institution.objects.filter(enabled=True, app__isnull=False).order_by("name")


def institution_by_slug(slug: str) -> Institution | None:
    return institutions_for_signin().select_related("app").filter(slug=slug).first()
