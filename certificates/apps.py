"""App config for certificates: the PDF certificate of an award and its layout per badge class."""

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"
