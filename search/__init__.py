"""The search engine layer: one interface, a database backend and an Elasticsearch backend.

Callers use `get_backend()` and never ask which engine is active.
"""

from .backends import get_backend

__all__ = ["get_backend"]
