"""Everything the user sees: tables, CSV, JSON, Markdown, HTML, labels, money and dates."""
