import hashlib

from hypothesis import given
from hypothesis import strategies as st

from badges.openbadges.hashing import hash_identity, identity_matches, make_salt, normalize_identity

emails = st.emails()


@given(email=emails, salt=st.text(alphabet="0123456789abcdef", min_size=1, max_size=32))
def test_a_hashed_email_is_sha256_of_the_normalised_email_and_salt(email, salt):
    identity = normalize_identity(email, "email")
    expected = "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()
    assert hash_identity(identity, salt) == expected
    assert identity_matches(expected, email.upper(), salt, "email")


@given(email=emails, other=emails)
def test_a_hash_matches_only_its_own_email(email, other):
    salt = make_salt()
    hashed = hash_identity(normalize_identity(email, "email"), salt)
    same = normalize_identity(email, "email") == normalize_identity(other, "email")
    assert identity_matches(hashed, other, salt, "email") is same


def test_telephones_normalise_to_digits_with_the_plus():
    assert normalize_identity(" +44 (20) 7946-0958 ", "telephone") == "+442079460958"


def test_the_same_email_with_two_salts_hashes_differently():
    assert hash_identity("a@b.org", make_salt()) != hash_identity("a@b.org", make_salt())
