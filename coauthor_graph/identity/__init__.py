"""Identity: when two mentions are the same person, and how a printed name is read."""
