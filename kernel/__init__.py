"""The small kernel every layer shares: settings (where things are), DuckDB helpers, errors."""
