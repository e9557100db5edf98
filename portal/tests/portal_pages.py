"""Every page of the portal, on the demo data plus what the demo leaves out.

`demo_setup` makes the issuer, badges, catalogues, pathways and the learner. This adds an
application in review, a webhook endpoint and a second issuer that endorses the demo's, so
the review, webhook and endorsement pages show real rows. Used by the browser tests that
open every page (layout at phone width, axe-core).
"""

from dataclasses import dataclass, field
from io import StringIO

from django.core.management import call_command
from django.db import transaction

ADMIN_EMAIL = "admin@laurel.test"
ADMIN_PASSWORD = "laurel-demo-admin"
LEARNER_EMAIL = "learner@laurel.test"
LEARNER_PASSWORD = "laurel-demo-learner"
# A receiver address the tests allow (LAUREL_FETCH_ALLOWED_HOSTS); nothing is sent to it.
WEBHOOK_HOST = "127.0.0.1:9"
WEBHOOK_URL = f"http://{WEBHOOK_HOST}/laurel/awards/received-with-a-long-path"
# The demo's editorial pages: home, catalogues, pathways and about.
DEMO_CONTENT_PAGES = [
    "/",
    "/catalogues/",
    "/catalogues/data-and-programming/",
    "/pathways/",
    "/pathways/data-analyst/",
    "/about/",
]


@dataclass
class PortalPages:
    public: list[str] = field(default_factory=list)
    learner: list[str] = field(default_factory=list)
    workspace: list[str] = field(default_factory=list)


@transaction.atomic
def portal_pages_create() -> PortalPages:
    """Load the demo and the extra rows; return the paths of every page, by who sees them."""
    from accounts.models import User
    from backpack.models import Collection
    from badges.models import Assertion, BadgeClass, Issuer
    from badges.services.applications import (
        application_create,
        application_evidence_add,
        application_submit,
    )
    from badges.services.endorsements import endorsement_create
    from badges.services.issuers import issuer_create
    from portal.demo import APPLYING, CLAIM_BADGE, ISSUER_NAME
    from webhooks.services import webhook_endpoint_create

    call_command("demo_setup", stdout=StringIO())
    admin = User.objects.get(email=ADMIN_EMAIL)
    learner = User.objects.get(email=LEARNER_EMAIL)
    issuer = Issuer.objects.get(name=ISSUER_NAME)
    applying = BadgeClass.objects.get(issuer=issuer, name=next(iter(APPLYING)))
    application = application_create(
        badge_class=applying,
        user=learner,
        reflections=[
            {"criterion": criterion, "text": f"I did this: {criterion.lower()}."}
            for criterion in APPLYING[applying.name]
        ],
    )
    application_evidence_add(
        application=application,
        user=learner,
        kind="url",
        description="My captioned lecture",
        url="https://video.example.org/watch/captioned-lecture-with-a-long-address-1234567890",
    )
    application_submit(application=application, user=learner)
    endpoint = webhook_endpoint_create(
        issuer=issuer,
        user=admin,
        url=WEBHOOK_URL,
        description="Student records",
    )
    friend = issuer_create(
        user=admin,
        name="Partner Institute of Technology",
        url="https://partner.example.org",
        email=admin.email,
        description="Endorses the demo college's data badges.",
    )
    endorsement_create(
        endorser=friend, user=admin, target=issuer, comment="A careful issuer of data skills."
    )
    badge = BadgeClass.objects.get(issuer=issuer, name="Python Basics")
    claim_badge = BadgeClass.objects.get(issuer=issuer, name=CLAIM_BADGE)
    award = Assertion.objects.filter(badge_class=badge, recipient_identity=LEARNER_EMAIL).first()
    collection = Collection.objects.filter(owner=learner).first()

    # The index as the database is now: on Elasticsearch it outlives the rows of earlier
    # tests, whose hits would link to badges (and images) that no longer exist.
    call_command("search_rebuild", stdout=StringIO(), stderr=StringIO())
    i, b, c = issuer.entity_id, badge.entity_id, claim_badge.entity_id
    return PortalPages(
        public=[
            *DEMO_CONTENT_PAGES,
            "/discover/",
            "/discover/?q=data",
            "/discover/?q=zzzzqqq",
            "/issuers/",
            f"/issuers/{i}/",
            f"/badges/{b}/",
            f"/badges/{applying.entity_id}/",
            f"/awards/{award.entity_id}/",
            f"/share/badges/{award.entity_id}/",
            f"/share/collections/{collection.entity_id}/",
            "/verify/",
            "/accounts/login/",
            "/accounts/signup/",
        ],
        learner=[
            "/dashboard/",
            "/pathways/data-analyst/",
            "/backpack/",
            f"/backpack/badges/{award.entity_id}/",
            "/backpack/collections/",
            f"/backpack/collections/{collection.entity_id}/",
            "/backpack/import/",
            "/backpack/applications/",
            f"/backpack/applications/{application.entity_id}/",
            f"/backpack/apply/{BadgeClass.objects.get(name=list(APPLYING)[1]).entity_id}/",
            "/claim/",
            "/accounts/email/",
            "/accounts/profile/",
            f"/backpack/badges/{award.entity_id}/remove/",
            f"/backpack/collections/{collection.entity_id}/delete/",
        ],
        workspace=[
            "/issue/",
            f"/issue/{i}/",
            f"/issue/{i}/badges/",
            f"/issue/{i}/badges/new/",
            f"/issue/{i}/badges/{b}/edit/",
            f"/issue/{i}/badges/{b}/award/",
            f"/issue/{i}/badges/{b}/awards/",
            f"/issue/{i}/badges/{b}/awards/revoke/?award={award.entity_id}",
            f"/issue/{i}/badges/{b}/awards/resend/?award={award.entity_id}",
            f"/issue/{i}/badges/{b}/delete/",
            f"/issue/{i}/badges/{c}/codes/",
            f"/issue/{i}/badges/{c}/codes/print/",
            f"/issue/{i}/review/",
            f"/issue/{i}/review/{application.entity_id}/",
            f"/issue/{i}/staff/",
            f"/issue/{i}/endorsements/",
            f"/issue/{i}/webhooks/",
            f"/issue/{i}/webhooks/{endpoint.entity_id}/",
            f"/issue/{i}/settings/",
        ],
    )
