"""Open Badges formats: JSON-LD, baking, hashing, signing, verification."""
