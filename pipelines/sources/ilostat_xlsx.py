"""ILOSTAT's Excel download (.xlsx): the label layout of its CSV, read by the same connector."""

from pipelines.sources.ilostat import read, to_canonical, vintage_of  # noqa: F401  (same layouts)

KIND = "ilostat-xlsx"
