"""LTI Dynamic Registration against the mock LMS, and Laurel's rotatable tool keys."""

import io
from urllib.parse import urlencode

import pytest
import requests
from django.core.management import call_command

from lti.models import Platform, RegistrationInvite, ToolKey

from .mock_platform import LEARNER, follow_launch

pytestmark = pytest.mark.django_db(transaction=True)


def register(live_server, lms, invite, token="reg-token"):
    query = urlencode(
        {
            "openid_configuration": lms.url + "/.well-known/openid-configuration",
            "registration_token": token,
        }
    )
    return requests.get(f"{live_server.url}/lti/register/{invite.token}?{query}", timeout=10)


@pytest.fixture
def invite(issuer):
    return RegistrationInvite.objects.create(laurel_issuer=issuer, award_as=issuer.staff.get().user)


def test_a_platform_registers_laurel_and_then_launches_it(live_server, lms, invite, settings):
    # A self-registered platform is fetched under the safe-fetch rules: a loopback mock
    # must be allowed as a test host is.
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [
        *settings.LAUREL_FETCH_ALLOWED_HOSTS,
        lms.url.split("://")[1],
    ]
    page = register(live_server, lms, invite)
    assert page.status_code == 200 and "Laurel is registered with mock-lms" in page.text
    platform = Platform.objects.get()
    assert (platform.client_id, platform.deployment_ids) == (lms.client_id, [lms.deployment_id])
    assert not platform.operator_registered
    tool = lms.registered_tool
    assert tool["initiate_login_uri"] == live_server.url + "/lti/login"
    assert tool["jwks_uri"] == live_server.url + "/lti/jwks.json"
    launched = follow_launch(
        requests.Session(),
        lms.login_url(user_id="learner-1", email="ana@uni.example", role=LEARNER),
    )
    assert launched.status_code == 200, launched.text[:300]
    # The link is used up.
    assert "was used already" in register(live_server, lms, invite).text


def test_a_self_registering_platform_on_a_private_address_is_refused(live_server, lms, invite):
    page = register(live_server, lms, invite)
    assert page.status_code == 400 and "loopback address" in page.text
    assert not Platform.objects.exists()


def test_a_refused_registration_token_registers_nothing(live_server, lms, invite, settings):
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [lms.url.split("://")[1]]
    page = register(live_server, lms, invite, token="wrong")
    assert page.status_code == 400 and "refused the registration (401)" in page.text
    assert not Platform.objects.exists()


def test_rotating_keys_publishes_old_and_new_and_signs_with_the_new(live_server):
    out = io.StringIO()
    call_command("lti_rotate_keys", stdout=out)
    call_command("lti_rotate_keys", stdout=out)
    new = ToolKey.objects.get(active=True)
    assert f"New LTI tool key {new.kid}" in out.getvalue()
    published = requests.get(live_server.url + "/lti/jwks.json", timeout=5).json()["keys"]
    assert len(published) == 2 and new.kid in {k["kid"] for k in published}
    assert all("d" not in key for key in published)  # never the private part
    call_command("lti_rotate_keys", "--prune", "1", stdout=out)
    assert ToolKey.objects.count() == 1
