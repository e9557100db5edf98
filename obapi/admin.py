"""Operators list the clients that registered themselves, and disable (or enable) them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from . import services
from .models import RegisteredClient


@admin.register(RegisteredClient)
class RegisteredClientAdmin(admin.ModelAdmin):
    list_display = ("__str__", "api", "client_uri", "disabled", "created_at")
    list_filter = ("api", "disabled")
    search_fields = ("application__name", "client_uri", "application__client_id")
    readonly_fields = (
        "application",
        "api",
        "client_uri",
        "logo_uri",
        "tos_uri",
        "policy_uri",
        "software_id",
        "software_version",
        "scope",
        "disabled",
        "created_at",
    )
    actions = ["disable", "enable"]

    def has_add_permission(self, request) -> bool:
        return False  # clients register themselves (RFC 7591)

    @admin.action(description=gettext_lazy("Disable: stop their tokens and refuse new ones"))
    def disable(self, request, queryset):
        for client in queryset:
            services.client_disable(client=client)
        count = queryset.count()
        messages.success(
            request,
            ngettext("%(n)s client(s) disabled.", "%(n)s client(s) disabled.", count)
            % {"n": count},
        )

    @admin.action(description=gettext_lazy("Enable again"))
    def enable(self, request, queryset):
        for client in queryset:
            services.client_enable(client=client)
        count = queryset.count()
        messages.success(
            request,
            ngettext("%(n)s client(s) enabled.", "%(n)s client(s) enabled.", count) % {"n": count},
        )
