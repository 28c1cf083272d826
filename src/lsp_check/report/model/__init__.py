"""The report model: what each kind of result says, decided once for every format (one module per kind)."""
