"""Django admin for operators (at /staff/): every issuing model, with revoke, rebake and resend."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy, ngettext

from outbox.services import emit
from web.counting import BoundedCountPaginator

from .models import (
    Application,
    ApplicationEvent,
    Assertion,
    BadgeClass,
    ClaimCode,
    ClaimCodeClaim,
    Issuer,
    IssuerKey,
    IssuerStaff,
    NotificationOptOut,
    StoredRendition,
)
from .services.awards import assertion_revoke_batch
from .services.claim_codes import claim_code_disable
from .services.public_documents import operator_saved


class FollowedAdmin(admin.ModelAdmin):
    """Saves and deletions here write rows directly; public documents and search follow."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            operator_saved(obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            pk = obj.pk
            super().delete_model(request, obj)
            operator_saved(obj, deleted_pk=pk)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class IssuerStaffInline(admin.TabularInline):
    model = IssuerStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Issuer)
class IssuerAdmin(FollowedAdmin):
    list_display = ("name", "email", "verification", "created_at")
    search_fields = ("name", "email", "entity_id")
    raw_id_fields = ("created_by",)  # not a dropdown of every user
    readonly_fields = ("entity_id", "created_at", "updated_at")
    inlines = [IssuerStaffInline]


@admin.register(BadgeClass)
class BadgeClassAdmin(FollowedAdmin):
    list_display = ("name", "issuer", "level", "badge_type", "archived", "created_at")
    list_filter = ("archived", "level", "badge_type", "issuer")
    search_fields = ("name", "description", "entity_id")
    raw_id_fields = ("created_by",)  # not a dropdown of every user
    readonly_fields = ("entity_id", "created_at", "updated_at")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=500, help_text=gettext_lazy("Shown to anyone who verifies the badge.")
    )


@admin.register(Assertion)
class AssertionAdmin(FollowedAdmin):
    """Millions of rows: newest first by the primary key's index, the badge class read in the
    same query, no count of the whole table, and search only through indexes."""

    list_display = ("badge_class", "recipient_identity", "issued_on", "expires", "revoked")
    list_filter = ("revoked", "verification", "issuer")
    list_select_related = ("badge_class",)
    ordering = ("-pk",)
    sortable_by = ()  # other orders have no index to read in order
    show_full_result_count = False
    paginator = BoundedCountPaginator
    search_fields = ("^recipient_identity", "=entity_id")
    search_help_text = gettext_lazy(
        "The start of the recipient (email, URL or phone), or an award's id."
    )
    raw_id_fields = ("badge_class", "issuer", "created_by", "renews")
    readonly_fields = ("entity_id", "salt", "signing_key", "created_at", "updated_at")
    actions = ["revoke", "rebake", "resend_notification"]

    def get_search_results(self, request, queryset, search_term):
        """The award with that id, or those whose recipient starts with the term: the unique
        index on entity_id and, on PostgreSQL, the btree on UPPER(recipient) (badges 0016)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = Q(entity_id=term) | Q(recipient_identity__istartswith=term)
        return queryset.filter(found), False

    @admin.action(description=gettext_lazy("Revoke selected awards"))
    def revoke(self, request, queryset):
        if "apply" in request.POST:
            form = RevokeForm(request.POST)
            if form.is_valid():
                try:
                    revoked = assertion_revoke_batch(
                        assertions=queryset, user=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    ngettext("Revoked %(count)d award.", "Revoked %(count)d awards.", len(revoked))
                    % {"count": len(revoked)},
                )
                return None
        else:
            form = RevokeForm()
        return render(
            request,
            "admin/badges/revoke.html",
            {**self.admin_site.each_context(request), "form": form, "assertions": queryset},
        )

    @admin.action(description=gettext_lazy("Rebake badge images"))
    def rebake(self, request, queryset):
        from . import artefacts

        count = 0
        for assertion in queryset.filter(revoked=False):
            StoredRendition.objects.filter(
                key__startswith=f"assertions/{assertion.entity_id}/"
            ).delete()
            artefacts.baked(assertion)
            count += 1
        self.message_user(
            request,
            ngettext("Rebaked %(count)d award.", "Rebaked %(count)d awards.", count)
            % {"count": count},
        )

    @admin.action(description=gettext_lazy("Resend award notification"))
    def resend_notification(self, request, queryset):
        count = 0
        for assertion in queryset.filter(revoked=False):
            # The resend topic: the email goes again, webhooks do not report a second award.
            emit("assertion.resend", assertion_id=assertion.pk)
            count += 1
        self.message_user(
            request,
            ngettext("Queued %(count)d notification.", "Queued %(count)d notifications.", count)
            % {"count": count},
        )


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ("entity_id", "issuer", "active", "created_at")
    readonly_fields = ("entity_id", "public_key_pem", "created_at")
    exclude = ("private_key_encrypted",)


admin.site.register(NotificationOptOut)
admin.site.register(StoredRendition)


class ClaimCodeClaimInline(admin.TabularInline):
    model = ClaimCodeClaim
    extra = 0
    can_delete = False
    readonly_fields = ("user", "email", "assertion", "claimed_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClaimCode)
class ClaimCodeAdmin(admin.ModelAdmin):
    """Codes are made and claimed through the services; operators read them and disable them."""

    list_display = ("formatted", "badge_class", "multi_use", "uses", "max_uses", "expires_at",
                    "disabled_at")  # fmt: skip
    list_filter = ("multi_use",)
    search_fields = ("code", "email", "badge_class__name")
    readonly_fields = (
        "entity_id", "code", "badge_class", "multi_use", "max_uses", "uses", "email",
        "expires_at", "note", "created_by", "created_at", "disabled_at", "disabled_by",
    )  # fmt: skip
    inlines = [ClaimCodeClaimInline]
    actions = ["disable"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=gettext_lazy("Disable the selected claim codes"))
    def disable(self, request, queryset):
        for code in queryset.select_related("badge_class__issuer"):
            claim_code_disable(claim_code=code, user=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("Disabled %(count)d claim code.", "Disabled %(count)d claim codes.", count)
            % {"count": count},
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seen here, changed in the workspace or the API, whose services check what they store."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "from_state", "to_state", "note")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read only: an application changes through its learner and reviewers, whose every step
    is in its history; operators look, to help."""

    list_display = ("applicant", "badge_class", "state", "submitted_at", "assigned_to")
    list_filter = ("state",)
    search_fields = ("applicant__email", "badge_class__name", "entity_id")
    inlines = [ApplicationEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
