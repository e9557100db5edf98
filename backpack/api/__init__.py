"""The backpack part of the REST API v2 (/v2/backpack/...): views, serializers and routes."""
