"""Outbox handlers of the issuing domain that publish Open Badges 3.0 documents."""

from portal.outbox import handles

from .services import status_list_publish


@handles("statuslist.changed")
def publish_status_list(*, issuer_id: int) -> None:
    status_list_publish(issuer_id=issuer_id)
