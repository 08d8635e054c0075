"""The charts that /embed/<chart> can render alone: chart id → function(query, lang) → chart_result values."""

from collections.abc import Callable

CHARTS: dict[str, Callable[[dict, str], tuple]] = {}


def embeddable(chart_id: str):
    """Declare how to draw a page's chart from the query string of that page (its shareable state)."""
    def declare(function: Callable[[dict, str], tuple]):
        CHARTS[chart_id] = function
        return function
    return declare
