"""Every credential of the ecosystem corpus (1EdTech's OB 3.0 validator tests and the DCC's
vc-test-fixtures: JSON, JWT and baked images) gets from Laurel the verdict its name and its
upstream test say, for the reason they say.

The table is fixtures/ecosystem/verdicts.tsv. A fixture whose `laurel_lacks` is filled needs
something Laurel does not do yet: it is a strict xfail, so it is reported the day it passes.

The documents the fixtures name are served by a local server (badges/tests/ecosystem.py), as
fixtures/ecosystem/hosted.json maps them:
- the DCC's did:web documents (dids/legacy, dids/oidf) and status lists
  (statusLists/didkey-ed25519Signature2020/*, also standing for verifier-core's copy of
  e5WK8CbZ1GjycuPombrj), and 1EdTech's bit-string-list/testlist, as published upstream;
- controller documents for https://example.com/issuers/876543, https://example.edu/issuers/565049,
  https://1edtech.edu/issuers/565049 and https://state.gov/issuers/565049, listing as Multikey
  the keys the fixtures' verificationMethod fragments name (1EdTech's validator takes such a
  fragment as the key itself and fetches nothing);
- the did:web document and 1EdTechRevocationList of dc.1edtech.org's wellspring issuer, which
  1EdTech's test fetched live: the key its proof names, and a list revoking its credential.
Every other URL gets a 404 from that server; nothing is fetched from the internet. Dates are
judged on ecosystem.NOW (2026-12-01).
"""

import pytest

from badges.tests.ecosystem import expected, fixtures, hosted_fetch, verdict, verify_fixture

TABLE = expected()


def _cases() -> list:
    cases = []
    for fixture in fixtures():
        entry = TABLE.get(fixture)
        marks = []
        if entry is not None and entry.laurel_lacks:
            marks.append(pytest.mark.xfail(strict=True, reason=entry.laurel_lacks))
        cases.append(pytest.param(fixture, id=fixture, marks=marks))
    return cases


@pytest.fixture(scope="module")
def fetch():
    with hosted_fetch() as fetch:
        yield fetch


def test_the_table_names_every_fixture_once():
    assert sorted(TABLE) == fixtures()


@pytest.mark.parametrize("fixture", _cases())
def test_fixture_gets_the_verdict_its_name_says(fixture, fetch):
    entry = TABLE[fixture]
    got, reason = verdict(verify_fixture(fixture, fetch))
    assert got == entry.verdict, f"{fixture}: Laurel says {got} ({reason})"
    assert entry.reason.lower() in reason.lower(), f"{fixture}: the reason given is {reason!r}"
