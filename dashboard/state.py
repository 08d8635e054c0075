"""A view's state in the URL query string: parse what layout() receives, encode what callbacks write."""

from urllib.parse import parse_qs, urlencode


def as_list(value, default: list[str]) -> list[str]:
    """A comma-separated query value as a list (the form `encode` writes)."""
    if value is None:
        return list(default)
    if isinstance(value, list):
        return value
    return [item for item in str(value).split(",") if item]


def choose(value, allowed, default):
    """The query value if it is one of the allowed choices, else the default (URLs are user input)."""
    return value if value in allowed else default


def encode(state: dict) -> str:
    """`?key=value&...` with lists comma-joined and empty values left out, in a stable order."""
    pairs = [(key, ",".join(value) if isinstance(value, (list, tuple)) else value)
             for key, value in state.items()]
    query = urlencode([(key, value) for key, value in pairs if value not in (None, "", [])], safe=",")
    return "?" + query if query else ""


def query_value(search: str | None, key: str) -> str | None:
    """One value of a `?a=b&...` string (a dcc.Location's search)."""
    return (parse_qs(search.lstrip("?")).get(key) or [None])[0] if isinstance(search, str) else None
