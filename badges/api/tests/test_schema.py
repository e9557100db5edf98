"""The OpenAPI schema and docs: every operation names its scope; assets are served locally."""

import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client) -> dict:
    return yaml.safe_load(client.get("/api/schema/").content)


def v2_operations(schema: dict):
    for path, item in schema["paths"].items():
        if path.startswith("/v2/"):
            for method, operation in item.items():
                yield f"{method.upper()} {path}", operation


def test_every_operation_names_its_oauth_scope_and_documents_its_errors(schema):
    for name, operation in v2_operations(schema):
        scopes = [s["oauth2"] for s in operation["security"] if "oauth2" in s]
        assert scopes and scopes[0], name
        assert {"401", "403"} <= set(operation["responses"]), name
        assert operation["summary"], name


def test_answers_are_documented_inside_badgrs_envelope(schema):
    envelope = schema["components"]["schemas"]["IssuerEnvelope"]
    assert set(envelope["properties"]) == {"status", "result"}
    assert envelope["properties"]["result"]["type"] == "array"
    error = schema["components"]["schemas"]["ErrorEnvelope"]
    assert set(error["properties"]) == {"status", "result", "fieldErrors", "validationErrors"}


def test_the_interactive_docs_load_their_assets_from_this_server(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    # Besides the files under /static/, only Swagger UI's set-up script, served by the page.
    assert all(asset.startswith(("/static/", "/api/docs/?script")) for asset in assets)


def test_make_demo_prints_a_curl_that_gets_a_token(client, capsys):
    call_command("demo_setup")
    line = next(x for x in capsys.readouterr().out.splitlines() if "curl" in x and "/o/token" in x)
    fields = dict(
        re.findall(r"(?:-d|--data-urlencode) '?([a-z_]+)=([^' ]+(?: [^' -][^' ]*)*)'?", line)
    )
    response = client.post("/o/token", fields)
    assert response.status_code == 200, (line, fields, response.content)
    assert response.json()["scope"] == "rw:issuer rw:backpack rw:profile"
