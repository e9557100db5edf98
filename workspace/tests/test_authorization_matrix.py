"""Who may open each workspace page: every URL against every kind of person."""

import pytest
from django.urls import reverse

from badges.services.awards import award_job_create
from badges.services.claim_codes import claim_code_create
from badges.services.issuers import issuer_invite
from badges.tests.factories import make_application, make_applying_badge
from webhooks.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db

PEOPLE = ("visitor", "outsider", "staff", "editor", "owner", "operator")
SIGN_IN = 302
MEMBERS = {"visitor": SIGN_IN, "outsider": 404, "staff": 200, "editor": 200, "owner": 200,
           "operator": 200}  # fmt: skip
EDITORS = {**MEMBERS, "staff": 403}
OWNERS = {**EDITORS, "editor": 403}
ANYONE_SIGNED_IN = dict.fromkeys(PEOPLE, 200) | {"visitor": SIGN_IN}


def matrix(s):
    """(method, url, {person: status}) for every workspace URL."""
    job = award_job_create(
        badge_class=s.badge, user=s.owner, rows=[{"recipient_identity": "x@example.org"}]
    )
    endpoint = webhook_endpoint_create(
        issuer=s.issuer, user=s.owner, url="http://127.0.0.1:8000/hooks"
    )
    i, b = s.issuer.entity_id, s.badge.entity_id
    code = claim_code_create(badge_class=s.badge, user=s.owner)[0].entity_id
    application = make_application(make_applying_badge(s.issuer, name="Knots")).entity_id
    # Its link is the key: anyone may see it (and decline); accepting needs the invited email.
    invitation = issuer_invite(issuer=s.issuer, user=s.owner, email="guest@example.org")

    def url(name, *args):
        return reverse(f"workspace:{name}", args=args)

    after_post = {k: (302 if v == 200 else v) for k, v in EDITORS.items()}
    return [
        ("get", url("home"), ANYONE_SIGNED_IN),
        ("get", url("issuer-new"), ANYONE_SIGNED_IN),
        ("get", url("operator-dashboard"), dict.fromkeys(PEOPLE, 403)
         | {"visitor": SIGN_IN, "operator": 200}),
        ("post", url("markdown-preview"), dict.fromkeys(PEOPLE, 200) | {"visitor": 401}),
        ("get", url("dashboard", i), MEMBERS),
        ("get", url("dashboard", i) + "?format=csv", MEMBERS),
        ("get", url("settings", i), OWNERS),
        ("get", url("issuer-delete", i), OWNERS),
        ("get", url("staff", i), OWNERS),
        ("get", url("leave", i), MEMBERS),
        ("get", url("invitation", invitation.token), dict.fromkeys(PEOPLE, 200)),
        ("get", url("endorsements", i), OWNERS),
        ("get", url("webhooks", i), OWNERS),
        ("get", url("webhook", i, endpoint.entity_id), OWNERS),
        ("get", url("webhook-delete", i, endpoint.entity_id), OWNERS),
        ("get", url("badges", i), MEMBERS),
        ("get", url("badge-new", i), EDITORS),
        ("get", url("badge-edit", i, b), EDITORS),
        ("get", url("badge-image", i, b), MEMBERS),
        ("get", url("badge-translation", i, b, "fr"), EDITORS),
        ("post", url("badge-action", i, s.draft.entity_id), after_post),
        ("get", url("badge-delete", i, s.draft.entity_id), EDITORS),
        ("get", url("award", i, b), MEMBERS),
        ("get", url("awards", i, b), MEMBERS),
        ("get", url("award-revoke", i, b) + f"?award={s.award.entity_id}", MEMBERS),
        ("get", url("award-resend", i, b) + f"?award={s.award.entity_id}", MEMBERS),
        ("get", url("award-renew", i, b) + f"?award={s.award.entity_id}", MEMBERS),
        ("get", url("award-wallet", i, b, s.award.entity_id), MEMBERS),
        ("get", url("job", i, job.entity_id), MEMBERS),
        ("get", url("claim-codes", i, b), MEMBERS),
        ("get", url("claim-codes-csv", i, b), MEMBERS),
        ("get", url("claim-codes-print", i, b), MEMBERS),
        ("get", url("claim-code-qr", i, b, code), MEMBERS),
        ("get", url("claim-code-qr", i, b, code) + "?format=svg", MEMBERS),
        ("get", url("review-queue", i), MEMBERS),
        ("get", url("review", i, application), MEMBERS),
        # Every member may act; "publish" is no review action, so they get 400.
        ("post", url("review-action", i, application), {k: 400 if v == 200 else v
                                                          for k, v in MEMBERS.items()}),
    ]  # fmt: skip


def test_every_workspace_page_answers_each_person_as_their_role_allows(client, staffed):
    people = {name: getattr(staffed, name, None) for name in PEOPLE}
    wrong = []
    for method, url, expected in matrix(staffed):
        for person, status in expected.items():
            client.logout()
            if people[person] is not None:
                client.force_login(people[person])
            data = {"action": "publish"} if "action" in url else {"text": "*hi*"}
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            if response.status_code != status:
                wrong.append(
                    f"{method.upper()} {url} as {person}: {response.status_code} != {status}"
                )
    assert wrong == []


def test_the_matrix_covers_every_workspace_url(staffed):
    from workspace.urls import urlpatterns

    covered = {url.split("?")[0] for _, url, _ in matrix(staffed)}
    names = {pattern.name for pattern in urlpatterns}
    from django.urls import resolve

    assert {resolve(url).url_name for url in covered} == names
