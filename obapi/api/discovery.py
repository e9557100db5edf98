"""The Service Description Document of the OB 3.0 API (an OpenAPI 3.0 document with 1EdTech's
x-imssf extensions) and Badge Connect's manifest, built from the site's settings."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from ..scopes import BC_SCOPES, OB3_SCOPES


def _url(name: str) -> str:
    return settings.LAUREL_BASE_URL + reverse(name)


def _oauth_urls() -> dict:
    return {
        "authorizationUrl": _url("oauth2_provider:authorize"),
        "tokenUrl": _url("oauth-token"),
        "refreshUrl": _url("oauth-token"),
        # Not in OpenAPI's flow object; named as an extension so clients can find RFC 7009's.
        "x-imssf-revocationUrl": _url("oauth-revoke-token"),
    }


def _site() -> dict:
    return {
        "name": settings.WAGTAIL_SITE_NAME,
        "image": settings.LAUREL_BASE_URL + static("favicon.svg"),
        "privacy": settings.LAUREL_OBAPI_PRIVACY_POLICY_URL or settings.LAUREL_BASE_URL + "/",
        "terms": settings.LAUREL_OBAPI_TERMS_URL or settings.LAUREL_BASE_URL + "/",
    }


def _status_schema() -> dict:
    return {
        "type": "object",
        "required": ["imsx_codeMajor", "imsx_severity"],
        "properties": {
            "imsx_codeMajor": {"type": "string"},
            "imsx_severity": {"type": "string"},
            "imsx_description": {"type": "string"},
            "imsx_codeMinor": {"type": "object"},
        },
    }


def _operation(op_id: str, summary: str, scope: str | None, responses: dict, **extra) -> dict:
    operation = {"operationId": op_id, "summary": summary, "tags": ["OpenBadgeCredentials"]}
    operation.update(extra)
    status = {"$ref": "#/components/schemas/Imsx_StatusInfo"}
    errors = {
        code: {"description": text, "content": {"application/json": {"schema": status}}}
        for code, text in (("400", "Bad request"), ("401", "Not authorised"), ("default", "Error"))
    }
    operation["responses"] = {**responses, **errors}
    if scope:
        operation["security"] = [{"OAuth2ACG": [scope]}]
    return operation


def _json(description: str, schema: dict | None = None) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema or {"type": "object"}}},
    }


def ob3_service_description() -> dict:
    site = _site()
    scopes = list(OB3_SCOPES)
    paging = [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in (
            ("limit", {"type": "integer", "minimum": 1}),
            ("offset", {"type": "integer", "minimum": 0}),
            ("since", {"type": "string", "format": "date-time"}),
        )
    ]
    credentials = {"type": "object"}
    return {
        "openapi": "3.0.1",
        "info": {
            "title": f"{site['name']} Open Badges API",
            "description": "The Open Badges 3.0 API of this Laurel site's backpack.",
            "termsOfService": site["terms"],
            "version": "3.0",
            "x-imssf-image": site["image"],
            "x-imssf-privacyPolicyUrl": site["privacy"],
        },
        "servers": [
            {"url": settings.LAUREL_BASE_URL + "/ims/ob/v3p0", "description": site["name"]}
        ],
        "tags": [{"name": "OpenBadgeCredentials"}, {"name": "Discovery"}],
        "paths": {
            "/credentials": {
                "get": _operation(
                    "getCredentials",
                    "The learner's credentials",
                    scopes[0],
                    {"200": _json("The credentials", {"$ref": "#/components/schemas/Page"})},
                    parameters=paging,
                ),
                "post": _operation(
                    "upsertCredential",
                    "Add or replace a credential",
                    scopes[1],
                    {"200": _json("Replaced", credentials), "201": _json("Added", credentials)},
                    requestBody={
                        "required": True,
                        "content": {
                            "application/json": {"schema": credentials},
                            "text/plain": {"schema": {"type": "string"}},
                        },
                    },
                ),
            },
            "/profile": {
                "get": _operation(
                    "getProfile", "The learner's profile", scopes[2], {"200": _json("Profile")}
                ),
                "put": _operation(
                    "putProfile",
                    "Change the learner's profile",
                    scopes[3],
                    {"200": _json("Profile")},
                    requestBody={
                        "required": True,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                ),
            },
            "/discovery": {
                "get": {
                    "operationId": "getServiceDescription",
                    "tags": ["Discovery"],
                    "responses": {"200": _json("This document")},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "OAuth2ACG": {
                    "type": "oauth2",
                    "description": "OAuth 2.0 Authorization Code Grant with PKCE (S256)",
                    "x-imssf-name": site["name"],
                    "x-imssf-privacyPolicyUrl": site["privacy"],
                    "x-imssf-registrationUrl": _url("obapi:ob3-register"),
                    "x-imssf-termsOfServiceUrl": site["terms"],
                    "flows": {"authorizationCode": {**_oauth_urls(), "scopes": dict(OB3_SCOPES)}},
                }
            },
            "schemas": {
                "Imsx_StatusInfo": _status_schema(),
                "Page": {
                    "type": "object",
                    "properties": {
                        "credential": {"type": "array", "items": {"type": "object"}},
                        "compactJwsString": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    }


def badge_connect_manifest() -> dict:
    site = _site()
    return {
        "id": _url("obapi:bc-manifest"),
        "type": "Manifest",
        "badgeConnectAPI": [
            {
                "name": site["name"],
                "image": site["image"],
                "apiBase": settings.LAUREL_BASE_URL + "/ims/ob/v2p1",
                "version": "v1p0",
                "termsOfServiceUrl": site["terms"],
                "privacyPolicyUrl": site["privacy"],
                "scopesOffered": list(BC_SCOPES),
                "registrationUrl": _url("obapi:bc-register"),
                "authorizationUrl": _url("oauth2_provider:authorize"),
                "tokenUrl": _url("oauth-token"),
                "tokenRevocationUrl": _url("oauth-revoke-token"),
            }
        ],
    }
