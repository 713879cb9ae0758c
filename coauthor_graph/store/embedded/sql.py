"""SQL fragments every embedded module shares."""

IDS = "SELECT value FROM json_each(?)"
"""A JSON array parameter as a one-column table: `x IN ({IDS})` with `json.dumps(keys)`, any number of keys."""
