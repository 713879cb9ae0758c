"""What answers whole-graph questions for every store: compact in-memory graphs (co-authors, the
author-paper-topic graph, the authors' profiles), shortest paths over them, and the facts of an author's
candidate collaborators. A store fills them from its own rows; nothing here knows SQL or Cypher."""
