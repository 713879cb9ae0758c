"""Collaborator recommendations: candidate features, the served model, ranking and explanations."""
