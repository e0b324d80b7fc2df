"""The committed OpenAPI document is the live one, and valid OpenAPI 3; docs work offline."""

import json

from openapi_spec_validator import validate

from fabdesk.api import api
from fabdesk.tokens.tests.api_client import SCHEMA_FILE

REGENERATE = (
    "fabdesk export_openapi_schema --api fabdesk.api.api --indent 2 --sorted "
    "--output docs/api/openapi.json"
)


def _normalised(schema: dict) -> dict:
    return json.loads(json.dumps(schema, sort_keys=True))


def test_committed_schema_matches_the_live_api():
    committed = json.loads(SCHEMA_FILE.read_text())
    live = _normalised(api.get_openapi_schema())
    assert committed == live, f"The API changed: regenerate the schema with `{REGENERATE}`"


def test_committed_schema_is_valid_openapi_3():
    document = json.loads(SCHEMA_FILE.read_text())
    assert document["openapi"].startswith("3.")
    validate(document)


def test_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) >= {"/api/v1/me", "/api/v1/members"}


def test_docs_page_uses_no_cdn(client, db):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
