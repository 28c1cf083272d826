"""Loading: YAML read with locations, shape checks, questionnaires, answers files, form exports, the cache."""
