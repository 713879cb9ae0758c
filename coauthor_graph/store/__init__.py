"""Where the graph lives: the port every caller uses, and the embedded and Neo4j adapters behind it."""
