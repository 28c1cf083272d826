"""Answering a questionnaire in the terminal, one question at a time."""
