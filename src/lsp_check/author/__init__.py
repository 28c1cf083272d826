"""Tools for questionnaire authors and respondents: blank answers files, schemas, questionnaires described."""
