"""Fitting the served collaborator model on a graph's own history: above `compute` (whose candidate
facts it fits on) and `recommend` (whose model it fits), below `services` and `evaluation`, which both
call it."""
