"""Every accounts URL for each kind of visitor: the status they get."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ANON, MEMBER, OTHER, STAFF, ADMIN = "anonymous", "member", "other_member", "staff", "admin_user"
LOGGED_IN = (MEMBER, OTHER, STAFF, ADMIN)

# (url name, args, method, {who: status}); a page about "me" is the same for every member.
CASES = [
    ("accounts:profile", [], "get", {ANON: 302, **dict.fromkeys(LOGGED_IN, 200)}),
    ("accounts:set_language", [], "get", {ANON: 405, **dict.fromkeys(LOGGED_IN, 405)}),
    ("account_login", [], "get", {ANON: 200, **dict.fromkeys(LOGGED_IN, 302)}),
    ("account_signup", [], "get", {ANON: 200, **dict.fromkeys(LOGGED_IN, 302)}),
    ("account_logout", [], "get", {ANON: 302, **dict.fromkeys(LOGGED_IN, 200)}),
    ("account_email_verification_sent", [], "get", dict.fromkeys((ANON, *LOGGED_IN), 200)),
    ("account_confirm_email", ["no-such-key"], "get", dict.fromkeys((ANON, *LOGGED_IN), 200)),
    ("account_reset_password", [], "get", dict.fromkeys((ANON, *LOGGED_IN), 200)),
    ("account_reset_password_done", [], "get", dict.fromkeys((ANON, *LOGGED_IN), 200)),
    (
        "account_reset_password_from_key",
        ["1", "bad-key"],
        "get",
        dict.fromkeys((ANON, *LOGGED_IN), 200),
    ),
    ("account_reset_password_from_key_done", [], "get", dict.fromkeys((ANON, *LOGGED_IN), 200)),
    ("account_change_password", [], "get", {ANON: 302, **dict.fromkeys(LOGGED_IN, 200)}),
    ("account_set_password", [], "get", {ANON: 302, **dict.fromkeys(LOGGED_IN, 302)}),
    ("account_email", [], "get", {ANON: 302, **dict.fromkeys(LOGGED_IN, 200)}),
    ("account_inactive", [], "get", dict.fromkeys((ANON, *LOGGED_IN), 200)),
]


@pytest.mark.parametrize(("name", "args", "method", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("who", [ANON, *LOGGED_IN])
def test_status_for_each_visitor(request, client, lab, name, args, method, expected, who):
    if who != ANON:
        client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == expected[who]
    if response.status_code == 200:
        assert lab.name.encode() in response.content  # every account page wears the lab's brand


def test_anonymous_is_sent_to_login_with_the_way_back(client, lab):
    response = client.get(reverse("accounts:profile"))
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('accounts:profile')}"


def test_profile_shows_only_the_logged_in_members_own_record(client, member, other_member):
    client.force_login(other_member)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert other_member.email in html and member.email not in html


def test_profile_page_costs_a_fixed_number_of_queries(member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert member_client.get(reverse("accounts:profile")).status_code == 200
