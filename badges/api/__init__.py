"""The Badgr Server v2 compatible REST API (`/v2/`): thin views over the issuing core."""
