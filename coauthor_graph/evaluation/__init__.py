"""Evaluation protocols: how well the service's answers match labelled truth. Serving never imports this."""
