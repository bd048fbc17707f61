"""The package version, in the base layer: modules read it here, not from ``sourcetrace``."""

__version__ = "0.1.0"
