"""The synthetic register generator behind `lmo synth` (pure functions, numpy)."""
