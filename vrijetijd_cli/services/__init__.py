"""Domain rules, one module per noun. No typer, no rich, no printing; writes in store.atomic()."""
