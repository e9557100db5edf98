"""The webhooks part of the REST API v2 (/v2/issuers/<id>/webhooks, /v2/webhooks/...)."""
