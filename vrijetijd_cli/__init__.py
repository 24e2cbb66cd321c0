"""vrijetijd: administration for a Flemish local network for leisure participation."""

__version__ = "0.1.0"
