"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# What starting made (modules, settings, URL patterns, apps) lives as long as the process:
# frozen out of the collector's generations, it is not walked again by every full collection
# a big answer (an export, a long list) sets off during a request.
gc.freeze()
