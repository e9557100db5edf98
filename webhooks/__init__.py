"""Webhooks: issuers' endpoints and the signed deliveries of outbox events to them."""
