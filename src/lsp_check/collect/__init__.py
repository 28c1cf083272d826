"""The live room: delegates answer on their phones, each into an answers file, while the facilitator watches counts.

Needs the ``collect`` extra (Starlette, uvicorn, segno); nothing outside ``lsp-check collect`` imports this package.
"""
