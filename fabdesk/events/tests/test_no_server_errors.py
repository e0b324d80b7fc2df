"""Every events page, GET and an empty POST, as each kind of person, with good and bad
values in the address: never a server error."""

import pytest
from django.urls import get_resolver

from fabdesk.events.links import confirm_link, manage_link

from .helpers import visitor_registers

pytestmark = pytest.mark.django_db


def events_routes():
    (resolver,) = [
        p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "events"
    ]
    return ["events/" + str(pattern.pattern) for pattern in resolver.url_patterns]


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_no_events_url_answers_a_server_error(request, client, event, ticket, who):
    registration = visitor_registers(event, ticket, "crawl@example.test")
    values = [
        {"event_id": event.pk, "slug": event.slug, "token": event.secret_token,
         "link": confirm_link(registration)},
        {"event_id": 999999, "slug": "nope", "token": "nope", "link": manage_link(registration)},
        {"event_id": event.pk, "slug": "other", "token": "x", "link": "bad:link"},
    ]  # fmt: skip
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    failures = []
    for route in events_routes():
        for value in values:
            url = "/" + route
            for name, filled in value.items():
                for converter in ("int", "slug", "str"):
                    url = url.replace(f"<{converter}:{name}>", str(filled))
            assert "<" not in url, url
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status >= 500:
                    failures.append(f"{method.upper()} {url} → {status}")
    assert failures == []
