"""Tests for normalising, salting, hashing and matching recipient identities."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badges.openbadges.hashing import hash_identity, identity_matches, make_salt, normalize_identity

salts = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)
# Spacing and capitals a person might type around the same address.
typed_emails = st.builds(
    lambda email, upper, space: (" " * space) + (email.upper() if upper else email) + " " * space,
    st.emails(),
    st.booleans(),
    st.integers(0, 2),
)


@given(email=typed_emails, salt=salts)
def test_a_hashed_email_is_sha256_of_the_normalised_email_and_the_salt(email, salt):
    identity = normalize_identity(email, "email")
    expected = "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()
    assert hash_identity(identity, salt) == expected
    assert identity_matches(expected, email, salt, "email")


@given(email=typed_emails, other=typed_emails)
def test_a_hash_matches_a_candidate_exactly_when_both_normalise_to_the_same_email(email, other):
    salt = make_salt()
    hashed = hash_identity(normalize_identity(email, "email"), salt)
    same = normalize_identity(email, "email") == normalize_identity(other, "email")
    assert identity_matches(hashed, other, salt, "email") is same


@given(identity=st.text(min_size=1), salt=salts, other_salt=salts)
def test_the_same_identity_with_another_salt_hashes_differently(identity, salt, other_salt):
    assert (hash_identity(identity, salt) == hash_identity(identity, other_salt)) is (
        salt == other_salt
    )


def test_fresh_salts_are_32_hex_characters_and_never_repeat():
    salts_made = {make_salt() for _ in range(100)}
    assert len(salts_made) == 100
    assert all(len(salt) == 32 and int(salt, 16) >= 0 for salt in salts_made)


@pytest.mark.parametrize(
    "identity, identity_type, normalised",
    [
        ("  Alice@Example.ORG ", "email", "alice@example.org"),
        (" +44 (20) 7946-0958 ", "telephone", "+442079460958"),
        ("020.7946.0958", "telephone", "02079460958"),
        (" https://Example.org/Alice ", "url", "https://Example.org/Alice"),
        (" did:example:Alice ", "id", "did:example:Alice"),
    ],
)
def test_identities_are_normalised_by_type(identity, identity_type, normalised):
    assert normalize_identity(identity, identity_type) == normalised


def test_an_md5_hash_from_an_older_issuer_is_matched():
    recorded = "md5$" + hashlib.md5(b"alice@example.org" + b"pepper").hexdigest()
    assert identity_matches(recorded, "Alice@example.org", "pepper", "email")
    assert not identity_matches(recorded, "bob@example.org", "pepper", "email")


def test_an_unsalted_hash_in_capitals_is_matched():
    recorded = "SHA256$" + hashlib.sha256(b"alice@example.org").hexdigest().upper()
    assert identity_matches(recorded, "alice@example.org", None, "email")


def test_a_plain_identity_is_compared_after_normalising_even_with_non_ascii_characters():
    assert identity_matches("Zoë@Exämple.org", " zoë@exämple.org", None, "email")
    assert identity_matches("+44 20 7946 0958", "+442079460958", None, "telephone")
    assert not identity_matches("https://a.org/zoë", "https://a.org/zoe", None, "url")
