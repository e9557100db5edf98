// A wallet collecting a Laurel award by VC-API exchange, as the DCC's Learner Credential
// Wallet does, with Digital Bazaar's libraries (which the LCW's own are forks of).
//
// argv[2]: JSON {"link": <https://lcw.app/request?... or dccrequest://request?... link>,
//                "challenge": <use this challenge instead of the request's>,
//                "domain": <use this domain instead of the request's>,
//                "tamper": true to change the presentation after signing it}
// stdout:  {"holder": <the fresh did:key>, "requestStatus", "request", "status", "body"}
//
// It parses the deep link, POSTs {} to vc_request_url to start, signs a DIDAuthentication
// presentation (Ed25519Signature2020) with a did:key made for this run, POSTs it, and prints
// what came back. The credential is verified by the caller (tools/crosscheck/verify.mjs).

import * as vc from '@digitalbazaar/vc';
import * as didKey from '@digitalbazaar/did-method-key';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import {securityLoader} from '@digitalbazaar/security-document-loader';

const options = JSON.parse(process.argv[2]);

// The LCW reads its request from the query of either link form.
const query = new URL(options.link.replace(/^dccrequest:\/\//, 'https://dccrequest/')).searchParams;
const exchangeUrl = query.get('vc_request_url');
if(!exchangeUrl || query.get('auth_type') !== 'bearer' || !query.get('issuer')) {
  throw new Error(`not an LCW request link: ${options.link}`);
}

async function post(body) {
  const response = await fetch(exchangeUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json', accept: 'application/json'},
    body: JSON.stringify(body)
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {unparsed: text.slice(0, 500)};
  }
  return {status: response.status, body: parsed};
}

const didKeyDriver = didKey.driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519VerificationKey2020.from
});
const keyPair = await Ed25519VerificationKey2020.generate();
const {didDocument} = await didKeyDriver.fromKeyPair({verificationKeyPair: keyPair});
keyPair.controller = didDocument.id;
keyPair.id = `${didDocument.id}#${keyPair.fingerprint()}`;

const started = await post({});
const output = {holder: didDocument.id, requestStatus: started.status, request: started.body};
const request = started.body.verifiablePresentationRequest;
if(started.status !== 200 || !request) {
  process.stdout.write(JSON.stringify({...output, status: started.status, body: started.body}));
  process.exit(0);
}
if(!request.query?.some(q => q.type === 'DIDAuthentication')) {
  throw new Error(`the request asks no DIDAuthentication: ${JSON.stringify(request)}`);
}

const documentLoader = securityLoader().build();
const presentation = vc.createPresentation({holder: didDocument.id, version: 1.0});
const signed = await vc.signPresentation({
  presentation,
  suite: new Ed25519Signature2020({key: keyPair}),
  challenge: options.challenge ?? request.challenge,
  domain: options.domain ?? request.domain,
  documentLoader
});
// The wallet checks its own signature first, as a sanity check of the libraries.
const selfCheck = await vc.verify({
  presentation: signed,
  suite: new Ed25519Signature2020(),
  challenge: options.challenge ?? request.challenge,
  domain: options.domain ?? request.domain,
  documentLoader
});
if(!selfCheck.verified) {
  throw new Error(`the wallet's own presentation does not verify: ${JSON.stringify(selfCheck)}`);
}
if(options.tamper) {
  signed.id = 'urn:uuid:0b2c1f3e-tampered';
}
const answered = await post({verifiablePresentation: signed});
process.stdout.write(JSON.stringify({...output, status: answered.status, body: answered.body}));
