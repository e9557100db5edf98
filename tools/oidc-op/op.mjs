// A real OpenID Provider for Laurel's sign-in tests: panva's oidc-provider, on a free loopback
// port. Configuration comes as JSON on the command line:
//   {"clients": [{client_id, client_secret, redirect_uris}], "accounts": {"<login>": {claims}}}
// Once listening it prints {"issuer": "http://127.0.0.1:<port>"} on one line. Its sign-in page
// is a one-field form (the account's login, no password); consent is given at once.
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const config = JSON.parse(process.argv[2] || "{}");
const accounts = config.accounts || {};
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), use: "sig", kid: "test-key", alg: "RS256" };

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: (config.clients || []).map((client) => ({
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      ...client,
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ["laurel-test-op"] },
    findAccount: (ctx, id) =>
      accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined,
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name"],
      groups: ["groups"],
      eduperson: ["eduperson_scoped_affiliation"],
    },
    scopes: ["openid", "email", "profile", "groups", "eduperson"],
    // Every claim in the ID token too, as many institutional OPs send them.
    conformIdTokenClaims: false,
    // PKCE for every client, confidential ones too: a client that sends none is refused.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  provider.proxy = false;
  const oidc = provider.callback();

  async function interaction(req, res, uid) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "login") {
      if (req.method === "POST") {
        let body = "";
        for await (const chunk of req) body += chunk;
        const login = new URLSearchParams(body).get("login") || "";
        if (!accounts[login]) {
          res.writeHead(400, { "content-type": "text/plain" });
          return res.end(`no account ${login}`);
        }
        return provider.interactionFinished(req, res, { login: { accountId: login } }, {
          mergeWithLastSubmission: false,
        });
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><html lang="en"><title>Test OP sign-in</title>
        <h1>Test OP</h1><form method="post" action="/interaction/${uid}">
        <label>Login <input name="login" autofocus></label><button type="submit">Sign in</button>
        </form></html>`);
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, {
      mergeWithLastSubmission: true,
    });
  }

  server.on("request", (req, res) => {
    const match = /^\/interaction\/([^/?]+)/.exec(req.url);
    if (!match) return oidc(req, res);
    interaction(req, res, match[1]).catch((error) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  console.log(JSON.stringify({ issuer }));
});
