"""A mock LMS for the tests, built on the PyPI lti1p3platform package and served on loopback.

The library does the platform's LTI work (signing launches, checking Laurel's client assertion
and deep-linking answer against Laurel's published JWKS, guarding AGS and NRPS with access
tokens); this file only stores a course's line items, scores and roster in memory and serves
the library's handlers over HTTP.
"""

import html
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import jwt
import requests
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
)

from lti.protocol import rsa_key_new

INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class MockRequest(Request):
    def build_metadata(self, request):
        return request


class MockLogin(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class MockLaunch(LTIAdvantageMessageLaunchAbstract):
    overrides: dict = {}

    def get_launch_message(self, include_extra_claims=True):
        # A misbehaving platform: tests set claims the library would otherwise get right.
        return {**super().get_launch_message(include_extra_claims), **self.overrides}

    def render_launch_form(self, launch_data, **kwargs):
        fields = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
            for k, v in launch_data.items()
            if k != "launch_url"
        )
        return (
            '<!doctype html><html lang="en"><head><title>LMS</title></head><body>'
            f'<form id="f" method="post" action="{html.escape(launch_data["launch_url"])}">'
            f'{fields}<button>Continue</button></form><script>document.getElementById("f")'
            ".submit()</script></body></html>"
        )


class MockPlatform:
    """One LMS with one course; tests set who launches next and what the course holds."""

    def __init__(self, tool_base: str, *, client_id: str = "laurel-client"):
        self.tool_base = tool_base
        self.client_id = client_id
        self.deployment_id = "deployment-1"
        self.private_pem, _ = rsa_key_new()
        self.lineitems: dict[str, dict] = {}
        self.scores: dict[str, dict[str, dict]] = {}
        self.members: list[dict] = []
        self.deep_link_items: list[dict] = []
        self.registered_tool: dict = {}
        self.next_launch: dict = {}
        self.id_token_lifetime = 300
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # What the tool is told at registration.
    @property
    def issuer(self):
        return self.url

    def registration(self, **changes) -> Registration:
        reg = Registration()
        reg.set_iss(changes.get("iss", self.issuer))
        reg.set_client_id(changes.get("client_id", self.client_id))
        reg.set_deployment_id(changes.get("deployment_id", self.deployment_id))
        reg.set_oidc_login_url(self.tool_base + "/lti/login")
        reg.set_launch_url(self.tool_base + "/lti/launch")
        reg.set_deeplink_launch_url(self.tool_base + "/lti/launch")
        reg.set_platform_private_key(changes.get("private_pem", self.private_pem))
        pub = jwt.algorithms.RSAAlgorithm.from_jwk(
            json.dumps(Registration.get_jwk(self.private_pem))
        )
        from cryptography.hazmat.primitives import serialization

        reg.set_platform_public_key(
            pub.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ).decode()
        )
        reg.set_tool_key_set_url(self.tool_base + "/lti/jwks.json")
        return reg

    def config(self, **changes):
        platform = self

        class Config(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, **kwargs):
                pass

            def get_registration_by_params(self, **kwargs):
                return platform.registration(**changes)

        config = Config()
        config.get_registration()
        return config

    def register_with_laurel(self, *, issuer, award_as):
        """The platform as an operator registers it in Laurel's admin."""
        from lti.models import Platform

        return Platform.objects.create(
            name="Mock LMS",
            issuer=self.issuer,
            client_id=self.client_id,
            deployment_ids=[self.deployment_id],
            auth_url=self.url + "/auth",
            token_url=self.url + "/token",
            jwks_url=self.url + "/jwks",
            laurel_issuer=issuer,
            award_as=award_as,
        )

    # Course content.
    def add_lineitem(self, label: str, maximum: int = 100) -> str:
        item_id = f"{self.url}/lineitems/{len(self.lineitems) + 1}"
        self.lineitems[item_id] = {"id": item_id, "label": label, "scoreMaximum": maximum}
        self.scores[item_id] = {}
        return item_id

    def add_member(self, user_id: str, email: str, role: str = LEARNER):
        self.members.append(
            {
                "user_id": user_id,
                "email": email,
                "roles": [role],
                "status": "Active",
                "name": user_id,
            }
        )

    def service_token(self, scopes: list[str]) -> str:
        """A token the LMS's own gradebook would hold, to post scores through its AGS."""
        return Registration.encode_and_sign(
            {"sub": "gradebook", "iss": self.issuer, "scopes": " ".join(scopes)},
            self.private_pem,
            expiration=3600,
        )

    # Launching.
    def login_url(
        self,
        *,
        user_id: str,
        email: str,
        role: str,
        deep_link: bool = False,
        custom: dict | None = None,
        overrides: dict | None = None,
        **changes,
    ) -> str:
        self.next_launch = {
            "user_id": user_id,
            "email": email,
            "role": role,
            "deep_link": deep_link,
            "custom": custom or {},
            "overrides": overrides or {},
            "changes": changes,
        }
        login = MockLogin(MockRequest({}), self.config(**changes))
        login.set_lti_message_hint(hint="course-1")
        return login.initiate_login(user_id)

    def _launch(self, query: dict) -> str:
        spec = self.next_launch
        launch = MockLaunch(
            MockRequest({"get_data": query, "form_data": {}}), self.config(**spec["changes"])
        )
        launch.id_token_expiration = self.id_token_lifetime
        launch.overrides = spec["overrides"]
        launch.set_user_data(
            spec["user_id"], [spec["role"]], full_name=spec["user_id"], email_address=spec["email"]
        )
        launch.set_launch_context_claim("course-1", context_title="Biology 101")
        launch.set_resource_link_claim("link-1")
        if spec["custom"]:
            launch.set_custom_parameters_claim(spec["custom"])
        launch.set_ags(lineitems_url=f"{self.url}/lineitems", allow_creating_lineitems=False)
        launch.set_nrps(f"{self.url}/memberships")
        if spec["deep_link"]:
            launch.set_dl(
                f"{self.url}/deep-link-return",
                title="Badges",
                accept_types={"ltiResourceLink"},
                extra_data={"d": "1"},
            )
        return launch.lti_launch()

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, body, media="application/json", headers=None):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", media)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _request(self, form=None, body=None):
                parts = urlsplit(self.path)
                return MockRequest(
                    {
                        "method": self.command,
                        "form_data": form or {},
                        "get_data": dict(parse_qsl(parts.query)),
                        "headers": dict(self.headers),
                        "content_type": self.headers.get("Content-Type"),
                        "path": parts.path,
                        "json": body,
                    }
                )

            def _service_reply(self, resp):
                if 200 <= resp.code < 300:
                    data = (
                        resp.result.get("content", resp.result)
                        if isinstance(resp.result, dict) and "content" in resp.result
                        else resp.result
                    )
                    headers = (
                        {"Link": f'<{resp.result["next"]}>; rel="next"'}
                        if isinstance(resp.result, dict) and resp.result.get("next")
                        else {}
                    )
                    self._send(
                        resp.code, data if data is not None else {}, resp.media_type, headers
                    )
                else:
                    self._send(resp.code, {"error": resp.message})

            def do_GET(self):
                parts = urlsplit(self.path)
                path = parts.path
                if path == "/.well-known/openid-configuration":
                    # LTI Dynamic Registration is not in lti1p3platform: the few fields of
                    # the spec's platform configuration are served here.
                    return self._send(
                        200,
                        {
                            "issuer": platform.issuer,
                            "authorization_endpoint": platform.url + "/auth",
                            "token_endpoint": platform.url + "/token",
                            "jwks_uri": platform.url + "/jwks",
                            "registration_endpoint": platform.url + "/register",
                            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                                "product_family_code": "mock-lms",
                                "version": "1",
                            },
                        },
                    )
                if path == "/jwks":
                    return self._send(200, platform.config().get_jwks())
                if path == "/auth":
                    return self._send(
                        200, platform._launch(dict(parse_qsl(parts.query))), "text/html"
                    )
                if path == "/lineitems":
                    svc = Ags(self._request(), platform.config(), f"{platform.url}/lineitems")
                    return self._service_reply(svc.handle_resp(svc.handle_get_lineitems))
                match = re.fullmatch(r"/lineitems/(\d+)/results", path)
                if match:
                    item = f"{platform.url}/lineitems/{match.group(1)}"
                    svc = Ags(self._request(), platform.config(), f"{platform.url}/lineitems", item)
                    return self._service_reply(
                        svc.handle_resp(svc.handle_get_results, line_item_id=item)
                    )
                if path == "/memberships":
                    svc = Nrps(self._request(), platform.config(), f"{platform.url}/memberships")
                    return self._service_reply(svc.handle_resp(svc.handle_get_members))
                self._send(404, {"error": "not found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                path = urlsplit(self.path).path
                if path == "/token":
                    try:
                        token = platform.config().get_access_token(dict(parse_qsl(raw)))
                    except Exception as exc:  # the library's refusals: answer as OAuth does
                        return self._send(400, {"error": "invalid_client", "detail": str(exc)})
                    return self._send(200, token)
                if path == "/register":
                    if self.headers.get("Authorization") != "Bearer reg-token":
                        return self._send(401, {"error": "invalid registration token"})
                    platform.registered_tool = json.loads(raw)
                    return self._send(
                        200,
                        {
                            **platform.registered_tool,
                            "client_id": platform.client_id,
                            "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                                "deployment_id": platform.deployment_id
                            },
                        },
                    )
                if path == "/deep-link-return":
                    form = dict(parse_qsl(raw))
                    items = platform.config().validate_deeplinking_resp(form)
                    platform.deep_link_items += items
                    return self._send(
                        200,
                        "<!doctype html><html lang=en><head><title>LMS"
                        "</title></head><body><h1>Added</h1></body></html>",
                        "text/html",
                    )
                match = re.fullmatch(r"/lineitems/(\d+)/scores", path)
                if match:
                    item = f"{platform.url}/lineitems/{match.group(1)}"
                    svc = Ags(
                        self._request(body=json.loads(raw)),
                        platform.config(),
                        f"{platform.url}/lineitems",
                        item,
                    )
                    return self._service_reply(
                        svc.handle_resp(svc.handle_update_score, line_item_id=item)
                    )
                self._send(404, {"error": "not found"})

        class Ags(AssignmentsGradesService):
            def find_lineitems(self, page=1, limit=None, **filters):
                return {
                    "content": list(platform.lineitems.values()),
                    "has_next": False,
                    "next": None,
                }

            def find_lineitem(self, line_item_id):
                return platform.lineitems[line_item_id]

            def create_lineitem(self, creation_data):
                raise NotImplementedError

            def update_lineitem(self, update_data):
                raise NotImplementedError

            def delete_lineitem(self, line_item_id):
                raise NotImplementedError

            def update_score(self, line_item_id, score):
                from lti1p3platform.score import UpdateScoreStatus

                platform.scores[line_item_id][str(score["userId"])] = score
                return UpdateScoreStatus.SUCCESS

            def get_results(self, line_item_id, page=1, limit=None, user_id=None):
                results = [
                    {
                        "id": f"{line_item_id}/results/{uid}",
                        "userId": uid,
                        "resultScore": s["scoreGiven"],
                        "resultMaximum": s["scoreMaximum"],
                        "scoreOf": line_item_id,
                    }
                    for uid, s in platform.scores[line_item_id].items()
                ]
                return {"content": results, "has_next": False, "next": None}

        class Nrps(NamesRoleProvisioningService):
            def get_member_data_page(self, page=1, limit=None, role=None, since=None, **kw):
                return {
                    "content": [dict(m) for m in platform.members],
                    "has_next": False,
                    "next": None,
                }

            def get_context_by_id(self):
                return Context(id="course-1", label="BIO101", title="Biology 101")

        return Handler


def launch_form(session: requests.Session, login_url: str) -> tuple[str, dict]:
    """Act as the browser up to the launch: tool login -> platform auth -> the form to post."""
    to_platform = session.get(login_url, allow_redirects=False)
    assert to_platform.status_code == 302, to_platform.text[:500]
    form_page = session.get(to_platform.headers["Location"])
    action = html.unescape(re.search(r'action="([^"]+)"', form_page.text).group(1))
    fields = {
        k: html.unescape(v)
        for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', form_page.text)
    }
    return action, fields


def follow_launch(session: requests.Session, login_url: str) -> requests.Response:
    action, fields = launch_form(session, login_url)
    return session.post(action, data=fields)


def wait_until(check, seconds=5.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not check():
        time.sleep(0.05)
