"""The public discovery API: search and suggest, their checks, CORS, throttling and schema."""

import pytest
from django.test import override_settings

from search.types import FACETS

pytestmark = pytest.mark.django_db


def test_search_answers_hits_facets_and_paging(client, catalogue):
    response = client.get("/api/discovery/search?q=python&sort=most_earned&page_size=2")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    assert (body["page"], body["page_size"], body["num_pages"]) == (1, 2, 2)
    assert body["previous"] is None
    assert "page=2" in body["next"] and "q=python" in body["next"]
    first = body["results"][0]
    assert first["id"] == catalogue.python.entity_id
    assert first["name"] == "Python Programming"
    assert first["issuer"] == "Northfield University"
    assert first["url"].endswith(f"/badges/{catalogue.python.entity_id}/")
    assert first["json_url"].endswith(f"/public/badges/{catalogue.python.entity_id}")
    assert first["earned_count"] == 3
    assert first["tags"] == ["python", "programming"]
    assert set(body["facets"]) == set(FACETS)  # every facet search offers
    issuers = {f["value"]: f["count"] for f in body["facets"]["issuer"]}
    assert issuers == {"Northfield University": 2, "Harbour Training": 1}
    languages = {f["value"]: f["label"] for f in body["facets"]["language"] if f["count"]}
    assert languages == {"en": "English", "fr": "French"}


def test_search_filters_are_query_parameters(client, catalogue):
    body = client.get("/api/discovery/search?tag=python&level=advanced&level=intermediate").json()

    assert sorted(hit["name"] for hit in body["results"]) == [
        "Advanced Python Testing",
        "Data Analysis with Python",
    ]


def test_search_finds_badges_by_the_start_of_a_word_still_being_typed(client, catalogue):
    body = client.get("/api/discovery/search?q=data+analy").json()

    assert [hit["name"] for hit in body["results"]] == ["Data Analysis with Python"]
    assert body["total"] == 1
    assert body["suggestion"] is None
    assert "<mark>Analysis</mark>" in body["results"][0]["highlights"]["name"][0]
    names = [hit["name"] for hit in client.get("/api/discovery/search?q=weld").json()["results"]]
    assert names == ["Welding Safety"]


def test_search_never_returns_archived_or_private_badges(client, catalogue):
    names = {hit["name"] for hit in client.get("/api/discovery/search?q=python").json()["results"]}

    assert "Python Legacy Migration" not in names
    assert "Internal Python Onboarding" not in names


@pytest.mark.parametrize(
    ("query", "param", "message"),
    [
        ("page=abc", "page", "A valid integer is required."),
        ("page=0", "page", "Ensure this value is greater than or equal to 1."),
        ("sort=random", "sort", '"random" is not one of: relevance, newest, most_earned.'),
        ("page_size=10000", "page_size", "Ensure this value is less than or equal to 50."),
        ("cost=cheap", "cost", '"cheap" is not one of: free, paid.'),
        ("q=" + "x" * 201, "q", "Ensure this field has no more than 200 characters."),
    ],
)
def test_bad_search_parameters_answer_400_naming_the_parameter(client, db, query, param, message):
    response = client.get(f"/api/discovery/search?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [f"{param}: {message}"]
    assert body["detail"] == f"{param}: {message}"


def test_suggest_completes_a_partial_word(client, catalogue):
    response = client.get("/api/discovery/suggest?q=pyth")

    assert response.status_code == 200
    texts = [s["text"] for s in response.json()["suggestions"]]
    assert texts
    assert all("pyth" in text.lower() for text in texts)
    assert "Internal Python Onboarding" not in texts


@pytest.mark.parametrize(
    "query", ["", "?q=", "?q=py&limit=500", "?q=py&limit=none", "?q=" + "p" * 101]
)
def test_bad_suggest_parameters_answer_400(client, db, query):
    assert client.get(f"/api/discovery/suggest{query}").status_code == 400


def test_the_discovery_api_may_be_read_from_any_origin(client, catalogue):
    for path in ("/api/discovery/search?q=python", "/api/discovery/suggest?q=py"):
        response = client.get(path, headers={"Origin": "https://catalogue.example.edu"})
        assert response["Access-Control-Allow-Origin"] == "*"


def test_a_browser_preflight_to_the_discovery_api_is_allowed(client, db):
    response = client.options(
        "/api/discovery/search",
        headers={
            "Origin": "https://catalogue.example.edu",
            "Access-Control-Request-Method": "GET",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_other_paths_send_no_cors_headers(client, catalogue):
    for path in ("/discover/?q=python", f"/badges/{catalogue.python.entity_id}/"):
        response = client.get(path, headers={"Origin": "https://catalogue.example.edu"})
        assert "Access-Control-Allow-Origin" not in response


@override_settings(DISCOVERY_API_THROTTLE_RATE="3/minute")
def test_a_client_asking_too_often_is_told_to_wait(client, db):
    for _ in range(3):
        assert client.get("/api/discovery/suggest?q=py").status_code == 200

    response = client.get("/api/discovery/search?q=py")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"]
    # Another client (another address) is not held back.
    assert client.get("/api/discovery/suggest?q=py", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_openapi_schema_describes_the_discovery_api(client, db):
    schema = client.get("/api/schema/", headers={"Accept": "application/json"})

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    search = paths["/api/discovery/search"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "sort", "page", "page_size", "tag"}
    assert "/api/discovery/suggest" in paths
    assert {"200", "400", "429"} <= set(search["responses"])
