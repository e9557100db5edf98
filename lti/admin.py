"""Operators register platforms, make Dynamic Registration links and rotate tool keys."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Platform, RegistrationInvite, ToolKey
from .services.keys import tool_key_rotate


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "client_id", "laurel_issuer", "operator_registered"]
    search_fields = ["name", "issuer", "client_id"]
    raw_id_fields = ["award_as"]


@admin.register(RegistrationInvite)
class RegistrationInviteAdmin(admin.ModelAdmin):
    list_display = ["laurel_issuer", "created", "platform"]
    raw_id_fields = ["award_as"]
    readonly_fields = ["registration_url", "platform"]

    @admin.display(description=gettext_lazy("Dynamic Registration URL (paste in the LMS)"))
    def registration_url(self, obj):
        from django.urls import reverse

        return reverse("lti:register", args=[obj.token]) if obj.pk else "—"


@admin.register(ToolKey)
class ToolKeyAdmin(admin.ModelAdmin):
    list_display = ["kid", "active", "created"]
    fields = ["kid", "active", "created"]
    readonly_fields = ["kid", "active", "created"]
    actions = ["rotate"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Rotate: make a new signing key"))
    def rotate(self, request, queryset):
        key = tool_key_rotate()
        messages.success(
            request, _("New LTI tool key %(kid)s signs from now on.") % {"kid": key.kid}
        )
