"""A URL map for the security header tests: the site's, plus a framed view and media."""

from django.http import HttpResponse
from django.urls import path, re_path
from django.views.static import serve

from portal.urls import urlpatterns as site_urlpatterns
from web.security import frameable


def page(request):
    return HttpResponse("<!DOCTYPE html><p>A page</p>")


urlpatterns = [
    path("embed-test/framed", frameable(page)),
    path("embed-test/plain", page),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": "/nonexistent"}),
    *site_urlpatterns,
]
