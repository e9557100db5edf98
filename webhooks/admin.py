"""Site admin (/staff/) of webhooks: endpoints and deliveries, read only."""

from django.contrib import admin

from badges.admin import ReadOnlyAdmin

from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ("url", "issuer", "active", "created_at")
    list_filter = ("active",)
    exclude = ("secret", "previous_secret")


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("message_id", "event", "endpoint", "status", "attempts", "created_at")
    list_filter = ("status", "event")
    search_fields = ("message_id", "endpoint__url")
    inlines = [WebhookAttemptInline]
