"""Hostile input: payloads built to make the server work for minutes, stall on a slow remote
server, crash on malformed input or redirect off-site; each is refused fast and clearly."""
