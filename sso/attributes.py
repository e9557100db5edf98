"""What an identity provider says about a person, read the same way from SAML attributes (by
their friendly name or OID) and OpenID Connect claims."""

from dataclasses import dataclass, field

# SAML attribute names (friendly name and the URN that eduGAIN IdPs send) for each field.
SAML_NAMES = {
    "email": ["mail", "urn:oid:0.9.2342.19200300.100.1.3", "email"],
    "display_name": ["displayName", "urn:oid:2.16.840.1.113730.3.1.241"],
    "given_name": ["givenName", "urn:oid:2.5.4.42"],
    "surname": ["sn", "urn:oid:2.5.4.4"],
    "uid": [
        "urn:oasis:names:tc:SAML:attribute:pairwise-id",
        "pairwise-id",
        "urn:oasis:names:tc:SAML:attribute:subject-id",
        "subject-id",
        "eduPersonPrincipalName",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
    ],
    "affiliations": ["eduPersonScopedAffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"],
    "groups": ["isMemberOf", "urn:oid:1.3.6.1.4.1.5923.1.5.1.1", "groups"],
    "entitlements": ["eduPersonEntitlement", "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"],
}
# OpenID Connect claims (standard, and the REFEDS / SURFconext names for eduPerson ones).
OIDC_NAMES = {
    "email": ["email"],
    "display_name": ["name"],
    "given_name": ["given_name"],
    "surname": ["family_name"],
    "uid": ["sub"],
    "affiliations": ["eduperson_scoped_affiliation"],
    "groups": ["groups", "is_member_of"],
    "entitlements": ["eduperson_entitlement"],
}
# allauth's SAML provider picks the uid and email with this mapping (first name that is sent).
SAML_ALLAUTH_MAPPING = {
    "uid": SAML_NAMES["uid"],
    "email": SAML_NAMES["email"],
    "first_name": SAML_NAMES["given_name"],
    "last_name": SAML_NAMES["surname"],
}


@dataclass
class Person:
    email: str = ""
    name: str = ""
    uid: str = ""
    affiliations: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    entitlements: list[str] = field(default_factory=list)


def _values(raw: dict, names: list[str]) -> list[str]:
    for name in names:
        value = raw.get(name)
        if value in (None, "", []):
            continue
        values = value if isinstance(value, list) else [value]
        return [str(v).strip() for v in values if str(v).strip()]
    return []


def person_from(protocol: str, extra_data: dict) -> Person:
    """The person in allauth's extra_data: SAML attributes (name -> list of values), or the
    OIDC {"userinfo": ..., "id_token": ...} claims (userinfo first)."""
    if protocol == "saml":
        raw, names = extra_data, SAML_NAMES
    else:
        raw = {**(extra_data.get("id_token") or {}), **(extra_data.get("userinfo") or {})}
        names = OIDC_NAMES

    def first(key: str) -> str:
        values = _values(raw, names[key])
        return values[0] if values else ""

    name = first("display_name") or " ".join(
        part for part in (first("given_name"), first("surname")) if part
    )
    return Person(
        email=first("email").lower(),
        name=name,
        uid=first("uid"),
        affiliations=[v.lower() for v in _values(raw, names["affiliations"])],
        groups=[v.lower() for v in _values(raw, names["groups"])],
        entitlements=[v.lower() for v in _values(raw, names["entitlements"])],
    )
