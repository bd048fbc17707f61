"""Store: the DuckDB database behind ``--db``."""
