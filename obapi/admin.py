"""Operators list the clients that registered themselves, and disable (or enable) them."""

from django.contrib import admin, messages

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

    @admin.action(description="Disable: stop their tokens and refuse new ones")
    def disable(self, request, queryset):
        for client in queryset:
            services.client_disable(client=client)
        messages.success(request, f"{queryset.count()} client(s) disabled.")

    @admin.action(description="Enable again")
    def enable(self, request, queryset):
        for client in queryset:
            services.client_enable(client=client)
        messages.success(request, f"{queryset.count()} client(s) enabled.")
