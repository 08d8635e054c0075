"""LMO benchmarks: the register path, validation, incremental runs and dashboard latency (`make bench`)."""
