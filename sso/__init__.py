"""Institutional sign-in: SAML 2.0 and OpenID Connect identity providers, attribute rules."""
