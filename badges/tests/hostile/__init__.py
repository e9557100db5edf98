"""Hostile input: payloads built to make the server work for minutes, each refused fast."""
