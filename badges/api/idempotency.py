"""Idempotency-Key on award endpoints: one request's effect however often it is retried."""

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from .models import IdempotencyRecord

KEY = re.compile(r"[\x21-\x7e]{1,255}")


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used with a different request body; "
        "send a new key for a new request."
    )


def idempotent(request, perform: Callable[[], Response]) -> Response:
    """Run `perform` once per (user, key, endpoint); a retry gets the stored first answer.

    The record is written in the same transaction as the awards, and its unique constraint
    makes a concurrent twin wait for the first to commit and then replay its answer.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return perform()
    if not KEY.fullmatch(key):
        raise ValidationError(
            {"Idempotency-Key": [_("Use up to 255 visible ASCII characters, such as a UUID.")]}
        )
    endpoint = f"{request.method} {request.path}"
    body = json.dumps(request.data, sort_keys=True, default=str).encode()
    fingerprint = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=request.user,
                key=key,
                endpoint=endpoint,
                fingerprint=fingerprint,
                status_code=0,
                body={},
            )
            response = perform()
            record.status_code, record.body = response.status_code, response.data
            record.save(update_fields=["status_code", "body"])
            return response
    except IntegrityError:
        record = IdempotencyRecord.objects.filter(
            user=request.user, key=key, endpoint=endpoint
        ).first()
        if record is None:
            raise
    if record.fingerprint != fingerprint:
        raise KeyReused()
    return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})
