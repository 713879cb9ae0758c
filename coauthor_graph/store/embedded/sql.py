"""SQL fragments every embedded module shares."""

from coauthor_graph.domain.hyperauthorship import MAX_PAIRED_AUTHORS

IDS = "SELECT value FROM json_each(?)"
"""A JSON array parameter as a one-column table: `x IN ({IDS})` with `json.dumps(keys)`, any number of keys."""

PAIRED = f"(SELECT count(*) FROM authored z WHERE z.paper = {{paper}}) <= {MAX_PAIRED_AUTHORS}"
"""`PAIRED.format(paper=...)`: the paper makes its authors co-authors (`domain.hyperauthorship`)."""
