"""A SAML identity provider that is not Laurel's code: pysaml2's IdP side (saml2.server.Server)
with its own key and certificate made for the test, issuing responses Laurel must check."""

import base64
import datetime
import re
import shutil
import tempfile
import weakref
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from badges.tests.ob2_validator import tool_required

IDP_ENTITY_ID = "https://idp.university.example/idp/shibboleth"
IDP_SSO_URL = "https://idp.university.example/idp/profile/SAML2/Redirect/SSO"


def require_xmlsec1() -> str:
    binary = shutil.which("xmlsec1")
    if binary is None:
        reason = "pysaml2's IdP signs with the xmlsec1 program: apt-get install xmlsec1"
        if tool_required("xmlsec1"):
            pytest.fail(f"LAUREL_REQUIRE_SERVICES requires xmlsec1: {reason}")
        pytest.skip(reason)
    return binary


def _key_and_certificate(folder: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test IdP")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / "idp.key", folder / "idp.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


class SamlIdP:
    """pysaml2's Server as an IdP that knows Laurel's SP by the metadata Laurel publishes."""

    def __init__(self, sp_metadata: str | None = None, *, lifetime_minutes: int = 5):
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.saml import NAME_FORMAT_URI
        from saml2.server import Server
        from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

        self.folder = Path(tempfile.mkdtemp(prefix="laurel-idp-"))
        weakref.finalize(self, shutil.rmtree, self.folder, True)  # the key goes with the IdP
        key_file, cert_file = _key_and_certificate(self.folder)
        config = {
            "entityid": IDP_ENTITY_ID,
            "xmlsec_binary": require_xmlsec1(),
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(IDP_SSO_URL, BINDING_HTTP_REDIRECT)]},
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": lifetime_minutes},
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
        }
        if sp_metadata:
            config["metadata"] = {"inline": [sp_metadata]}
        self.server = Server(config=IdPConfig().load(config))

    def metadata(self) -> str:
        from saml2.metadata import create_metadata_string

        return create_metadata_string(None, config=self.server.config, sign=False).decode()

    def response(
        self,
        *,
        request_id: str,
        acs_url: str,
        audience: str,
        identity: dict,
        name_id: str = "ada-persistent-id",
        sign_assertion: bool = True,
    ) -> str:
        """A base64 SAMLResponse for the POST binding, as the IdP would post it."""
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
        from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

        response = self.server.create_authn_response(
            identity,
            in_response_to=request_id,
            destination=acs_url,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                "authn_auth": IDP_ENTITY_ID,
            },
            sign_assertion=sign_assertion,
            sign_response=False,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        return base64.b64encode(str(response).encode()).decode()


def authn_request_id(location: str) -> str:
    """The ID of the AuthnRequest in a redirect-binding URL (the SP's redirect to the IdP)."""
    query = parse_qs(urlsplit(location).query)
    xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    return re.search(r'\bID="([^"]+)"', xml).group(1)
