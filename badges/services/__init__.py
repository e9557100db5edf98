"""Writes of the issuing domain, one module per area. Each is atomic, checks rights, and records
outside effects.

Bad input raises django.core.exceptions.ValidationError keyed by field name, so a form or
API can show each message beside its field. Missing rights raise PermissionDenied.
Callers import from the module that owns the write: this package re-exports nothing.
"""
