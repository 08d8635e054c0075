"""LMO command-line entry points."""
