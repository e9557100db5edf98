"""Wallets: a learner collects an award into a credential wallet (VC-API exchange, OID4VCI)."""
