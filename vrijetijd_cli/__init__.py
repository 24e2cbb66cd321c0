"""vrijetijd: administration for a Flemish local network for leisure participation.

The version lives in the package metadata (pyproject.toml): `importlib.metadata.version("vrijetijd")`.
"""
