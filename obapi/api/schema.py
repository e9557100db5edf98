"""The OpenAPI schema (drf-spectacular) takes the standard APIs' endpoints too, beside /v2/."""

from badges.api.schema import only_api_paths

PREFIXES = ("/ims/ob/", "/.well-known/badgeconnect.json")


def api_paths(endpoints):
    """The REST API's endpoints and those of the Open Badges 3.0 API and Badge Connect."""
    return only_api_paths(endpoints) + [e for e in endpoints if e[0].startswith(PREFIXES)]
