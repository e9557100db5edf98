"""Operators add institutions (and their role rules) here; saving writes allauth's app."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Institution, MappingRule
from .services import institution_check, institution_delete, institution_save


class InstitutionForm(forms.ModelForm):
    discovery_url = forms.URLField(
        assume_scheme="https", required=False, help_text=Institution.discovery_url.field.help_text
    )
    metadata_url = forms.URLField(
        assume_scheme="https", required=False, help_text=Institution.metadata_url.field.help_text
    )

    class Meta:
        model = Institution
        fields = [
            "name",
            "slug",
            "keywords",
            "protocol",
            "enabled",
            "trust_email",
            "discovery_url",
            "client_id",
            "client_secret",
            "scopes",
            "metadata_url",
            "metadata_xml",
            "idp_entity_id",
            "required_for_issuers",
        ]
        widgets = {
            "client_secret": forms.PasswordInput(render_value=True),
            "required_for_issuers": forms.SelectMultiple(attrs={"size": 8}),
        }

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        # The protocol checks (metadata fetched and read) are the service's; their errors
        # land on their fields.
        try:
            institution_check(institution=self.instance)
        except ValidationError as error:
            self._update_errors(error)


class MappingRuleInline(admin.TabularInline):
    model = MappingRule
    extra = 1
    autocomplete_fields = ["issuer"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    form = InstitutionForm
    inlines = [MappingRuleInline]
    list_display = ["name", "slug", "protocol", "enabled", "metadata_fetched_at", "metadata_error"]
    search_fields = ["name", "slug", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["sp_metadata", "metadata_fetched_at", "metadata_error"]

    @admin.display(description=_("Laurel's SAML metadata (give it to the IdP)"))
    def sp_metadata(self, obj):
        if not obj.pk or obj.protocol != "saml":
            return "-"
        url = reverse("saml_metadata", kwargs={"organization_slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        institution_save(institution=obj)

    def delete_model(self, request, obj):
        institution_delete(institution=obj)
