"""Test helpers for the REST API: call it as a person (with a real token) and check every JSON
answer against the response schema the committed OpenAPI document declares for it."""

import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.utils import translation
from jsonschema import Draft202012Validator

from fabdesk.tokens.services import token_create

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"
API_ROOT = "/api/v1"


@cache
def committed_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text())


def _operation(method: str, path: str) -> dict:
    """The OpenAPI operation serving this method and concrete path."""
    for template, operations in committed_schema()["paths"].items():
        pattern = "^" + re.sub(r"\{[^/}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            return operations[method]
    raise AssertionError(f"{method.upper()} {path} is not in docs/api/openapi.json")


def assert_matches_schema(response, method: str, path: str) -> None:
    """Fail unless the status is declared for the operation and the JSON body validates
    against its schema (`$ref`s resolved from the document's components.schemas)."""
    declared = _operation(method.lower(), path)["responses"]
    status = str(response.status_code)
    assert status in declared, f"{method} {path} answered {status}, declared: {sorted(declared)}"
    schema = declared[status]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": committed_schema()["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors)


class ApiClient:
    """A Django test client speaking to /api/v1/ with a bearer token (or none)."""

    def __init__(self, token: str | None = None, *, language: str = "", **headers):
        self.client = Client()
        self.headers = dict(headers)
        if language:
            self.headers["Accept-Language"] = language
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def for_user(cls, user, **kwargs) -> "ApiClient":
        _, plaintext = token_create(user=user, name="tests")
        return cls(plaintext, **kwargs)

    def call(self, method: str, path: str, data=None, *, validate: bool = True):
        url = API_ROOT + path
        send = getattr(self.client, method.lower())
        if method.upper() in ("GET", "DELETE"):
            response = send(url, data or {}, headers=self.headers)
        else:
            body = data if isinstance(data, str) else json.dumps(data or {})
            response = send(url, body, content_type="application/json", headers=self.headers)
        if validate:
            assert response["Content-Type"].startswith("application/json"), response.content
            assert_matches_schema(response, method, url)
        return response

    def get(self, path: str, params=None, **kw):
        return self.call("GET", path, params, **kw)

    def post(self, path: str, data=None, **kw):
        return self.call("POST", path, data, **kw)

    def patch(self, path: str, data=None, **kw):
        return self.call("PATCH", path, data, **kw)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none. Requests activate
    the caller's language for the thread: put back the one the test started with."""
    language = translation.get_language()
    django_cache.clear()
    yield
    django_cache.clear()
    translation.activate(language)
