"""What a batch of records writes, decided once for every store.

`planner` asks the store what it holds of a batch (`questions`), resolves the records with
`identity.resolution`, and hands back the rows: nodes with their final properties, edges, and the
derived increments `tallies` counts. Each adapter only answers the questions and writes the rows:
SQLite by `executemany`, Neo4j by one UNWIND statement per row kind (docs/write-plan.md).
"""
