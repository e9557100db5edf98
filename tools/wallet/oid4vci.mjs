// A wallet collecting a Laurel award by OpenID for Verifiable Credential Issuance 1.0, the
// pre-authorized code flow, with Animo's @openid4vc/openid4vci client (used by Credo wallets).
//
// argv[2]: JSON {"offer": <openid-credential-offer://?credential_offer_uri=... link>,
//                "txCode": <the transaction code the learner types>,
//                "configuration": <credential_configuration_id>,
//                "binding": "did:key" (Ed25519, EdDSA proof) or "jwk" (P-256, ES256 proof),
//                "noNonce": true to sign the key proof without the c_nonce}
// stdout:  {"stage": where it stopped (done, or the step that failed), "holder": the DID or
//           JWK the credential should name, "metadata", "offer", "credential", "error"}

import {createHash, randomBytes} from 'node:crypto';
import {Openid4vciClient} from '@openid4vc/openid4vci';
import {clientAuthenticationAnonymous, setGlobalConfig} from '@openid4vc/oauth2';
import * as base58 from 'base58-universal';
import * as jose from 'jose';

const options = JSON.parse(process.argv[2]);
// The test Laurel listens on loopback http; the library wants https otherwise.
setGlobalConfig({allowInsecureUrls: true});

async function makeSigner(binding) {
  if(binding === 'did:key') {
    const {publicKey, privateKey} = await jose.generateKeyPair('EdDSA', {crv: 'Ed25519'});
    const publicJwk = await jose.exportJWK(publicKey);
    const raw = Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(publicJwk.x, 'base64url')]);
    const multibase = `z${base58.encode(raw)}`;
    const did = `did:key:${multibase}`;
    return {signer: {method: 'did', didUrl: `${did}#${multibase}`, alg: 'EdDSA'},
      privateKey, publicJwk, holder: did};
  }
  const {publicKey, privateKey} = await jose.generateKeyPair('ES256');
  const publicJwk = await jose.exportJWK(publicKey);
  return {signer: {method: 'jwk', publicJwk, alg: 'ES256'}, privateKey, publicJwk,
    holder: publicJwk};
}

const key = await makeSigner(options.binding ?? 'did:key');

const client = new Openid4vciClient({callbacks: {
  fetch,
  clientAuthentication: clientAuthenticationAnonymous(),
  generateRandom: size => randomBytes(size),
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  signJwt: async (signer, {header, payload}) => ({
    jwt: await new jose.SignJWT(payload).setProtectedHeader(header).sign(key.privateKey),
    signerJwk: key.publicJwk
  })
}});

const output = {stage: 'offer', holder: key.holder};

function describe(error) {
  return {
    name: error?.name,
    message: error?.message,
    status: error?.response?.status,
    body: error?.errorResponse ?? error?.credentialErrorResponseResult?.data ??
      error?.response?.body ?? null
  };
}

try {
  const offer = await client.resolveCredentialOffer(options.offer);
  output.offer = offer;
  output.stage = 'metadata';
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  output.metadata = issuerMetadata;
  output.stage = 'token';
  const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer, issuerMetadata, txCode: options.txCode
  });
  output.stage = 'nonce';
  const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
  output.stage = 'proof';
  const credentialConfigurationId = options.configuration ??
    offer.credential_configuration_ids[0];
  const {jwt} = await client.createCredentialRequestJwtProof({
    issuerMetadata, credentialConfigurationId, signer: key.signer,
    nonce: options.noNonce ? undefined : nonce
  });
  output.stage = 'credential';
  const answer = await client.retrieveCredentials({
    issuerMetadata, credentialConfigurationId, accessToken: accessTokenResponse.access_token,
    proofs: {jwt: [jwt]}
  });
  output.credential = answer.credentialResponse.credentials[0].credential;
  output.stage = 'done';
} catch(error) {
  output.error = describe(error);
}
process.stdout.write(JSON.stringify(output));
