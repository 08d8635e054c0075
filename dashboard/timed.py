"""Representative dashboard callbacks as zero-argument callables for the benchmark suite (target p95 < 100 ms).
They read the published warehouse that LMO_DB points to, exactly as the served app does."""

from collections.abc import Callable


def callbacks() -> dict[str, Callable[[], object]]:
    from dashboard.app import create_app

    create_app()  # pages register only inside an app
    from dashboard.pages import catalogue, compare, explorer, overview

    geos = ["CH", "CH-ZH", "CH-GE", "CH-TI"]
    return {
        "overview charts": lambda: overview.overview_charts("registered_unemployment_rate", "fr"),
        "explorer line": lambda: explorer.view("registered_unemployment_rate", geos, "none", "NSA", "level", "line",
                                               "M", None, "de"),
        "explorer map": lambda: explorer.view("registered_unemployed", geos, "none", "NSA", "level", "map", "M",
                                              "2026-07", "fr"),
        "explorer index table": lambda: explorer.view("registered_unemployed", geos, "none", "NSA", "index", "table",
                                                      "A", None, "en"),
        "explorer choices": lambda: explorer.choices("registered_unemployed", "M", "level", "none", "NSA", None, "de"),
        "compare cantons": lambda: compare.compare("cantons", "registered_unemployment_rate", None, "national", None,
                                                   "de"),
        "catalogue filter": lambda: catalogue.indicator_table("taux", "fr"),
    }
