"""`manage.py rotate_issuer_keys`: new 2.0 and 3.0 keys for one issuer or for all of them,
through the same service as the workspace's key action; old keys stay published."""

import io

import pytest
from django.core.management import CommandError, call_command

from badges.models import Issuer
from badges.tests.factories import make_issuer

pytestmark = pytest.mark.django_db


def active_keys(issuer) -> set[str]:
    """The entity ids of the issuer's signing keys now: its 2.0 key and its 3.0 keys."""
    return {
        *issuer.keys.filter(active=True).values_list("entity_id", flat=True),
        *issuer.credential_keys.filter(active=True).values_list("entity_id", flat=True),
    }


def rotate(*args) -> list[str]:
    out = io.StringIO()
    call_command("rotate_issuer_keys", *args, stdout=out)
    return out.getvalue().splitlines()


def test_one_issuers_keys_are_rotated_and_the_others_left_alone(client):
    issuer = make_issuer(name="School of Python", verification="signed")
    other = make_issuer(name="Other School")
    before, others_before = active_keys(issuer), active_keys(other)
    assert len(before) == 3  # the RSA 2.0 key, the Ed25519 and the P-256 3.0 keys
    (line,) = rotate("--issuer", issuer.entity_id)
    after = active_keys(issuer)
    assert len(after) == 3 and not before & after
    assert active_keys(other) == others_before
    assert line.startswith(f"{issuer.entity_id} (School of Python): new 2.0 key ")
    assert all(key in line for key in after)
    did_doc = client.get(f"/issuers/{issuer.entity_id}/did.json").json()
    listed = {method["id"].split("#")[1] for method in did_doc["verificationMethod"]}
    assert {k for k in before | after if issuer.credential_keys.filter(entity_id=k).exists()} == (
        listed
    )  # the old 3.0 keys stay in the DID document, so what they signed still verifies


def test_all_issuers_keys_are_rotated_one_line_each():
    issuers = [make_issuer(name=f"School {n}") for n in range(3)]
    before = {issuer.pk: active_keys(issuer) for issuer in issuers}
    lines = rotate("--all")
    assert len(lines) == Issuer.objects.count() == 3
    for issuer, line in zip(issuers, lines, strict=True):
        assert line.startswith(f"{issuer.entity_id} ({issuer.name}): ")
        assert not before[issuer.pk] & active_keys(issuer)


def test_an_unknown_issuer_or_no_choice_is_a_clear_error():
    issuer = make_issuer()
    keys = active_keys(issuer)
    with pytest.raises(CommandError, match="No issuer with id 'nosuchissuer'"):
        rotate("--issuer", "nosuchissuer")
    with pytest.raises(CommandError, match="--issuer <entity id> or --all"):
        rotate()
    with pytest.raises(CommandError, match="not allowed with argument"):
        rotate("--issuer", issuer.entity_id, "--all")
    assert active_keys(issuer) == keys
