"""LMO command-line entry points and shared settings."""
