"""Scoring: answers plus questionnaires in, results out (one file, rooms, comparisons, clusters, plans, gates). Pure."""
