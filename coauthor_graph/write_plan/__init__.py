"""What a batch of records changes, computed once for every store.

The adapters resolve records to nodes with `identity.resolution`; what follows from the edges a batch
adds (COAUTHORED increments with their years, author-topic counts, co-author degrees) is computed here
in Python from what the batch adds and what the store returned, so each adapter only writes rows:
SQLite by `executemany`, Neo4j by one UNWIND statement per row kind, with no recount traversal.
"""
