"""Hostile values for every server-side callback of every page, sent as the browser would (Dash's HTTP
endpoint), starting from the values each page's layout puts in its controls."""

import inspect
import json

import dash
from dash.development.base_component import Component

HOSTILE = [None, "", "nope", 0, 1e308, True, [], ["nope"], [None], {"a": 1}, "0000-01", "2026-13", "x" * 2000,
           "'; DROP TABLE x; --", ["CH-ZH", 7]]
QUERY_HOSTILE = ["0000-01", "nope", ",,,", "2026-13", "x" * 500, "'; DROP TABLE x; --", "%00"]


def components(tree):
    """Every component with an id in a layout tree."""
    if isinstance(tree, Component):
        if getattr(tree, "id", None) is not None:
            yield tree
        yield from components(getattr(tree, "children", None))
    elif isinstance(tree, (list, tuple)):
        for item in tree:
            yield from components(item)


def id_key(component_id) -> str:
    return component_id if isinstance(component_id, str) else json.dumps(component_id, sort_keys=True)


def outputs_of(key: str):
    """Dash's output key ("a.b" or "..a.b...c.d..") as the request's outputs."""
    def one(text):
        name, prop = text.rsplit(".", 1)
        return {"id": json.loads(name) if name.startswith("{") else name, "property": prop}
    if key.startswith(".."):
        return [one(part) for part in key[2:-2].split("...")]
    return one(key)


def page_values(page: dict, lang: str = "en") -> dict:
    """(id, property) → value for every control of the page's default layout, and the page's URL."""
    layout = page["layout"](lang=lang) if callable(page["layout"]) else page["layout"]
    values = {}
    for component in components(layout):
        for prop, value in component.to_plotly_json()["props"].items():
            values[(id_key(component.id), prop)] = value
    values[("_pages_location", "pathname")] = page["path"]
    values[("_pages_location", "search")] = f"?lang={lang}"
    values[("app-url", "search")] = f"?lang={lang}"
    return values


def body(key: str, spec: dict, values: dict) -> dict | None:
    """The request for one callback, or None when one of its inputs is not on the page."""
    def item(dep):
        if (dep["id"], dep["property"]) not in values:
            raise KeyError(dep["id"])
        return {"id": dep["id"], "property": dep["property"], "value": values[(dep["id"], dep["property"])]}
    if "MATCH" in key or "ALL" in key or "callback" not in spec:  # pattern-matching, or run in the browser
        return None
    try:
        inputs, state = [item(d) for d in spec["inputs"]], [item(d) for d in spec["state"]]
    except KeyError:
        return None
    return {"output": key, "outputs": outputs_of(key), "inputs": inputs, "state": state,
            "changedPropIds": [f"{d['id']}.{d['property']}" for d in spec["inputs"]]}


def requests(app, sample: bool | None = None) -> list[tuple[str, dict]]:
    """(description, body): each callback with each input replaced by each hostile value, and each page's
    URL with each query parameter its layout takes set to each hostile text. sample=True: a covering sample, each
    callback sent each hostile value on one input in turn, and every URL; sample=False: the other requests."""
    out = []
    for page in dash.page_registry.values():
        values = page_values(page)
        for key, spec in app.callback_map.items():
            if (base := body(key, spec, values)) is not None:
                out += mutated_inputs(page["path"], key, base, sample)
        if sample is not False:
            out += mutated_urls(app, page, values)
    return out


def mutated_inputs(path: str, key: str, base: dict, sample: bool | None) -> list[tuple[str, dict]]:
    out = []
    deps = base["inputs"] + base["state"]
    for index, dep in enumerate(deps):
        for number, value in enumerate(HOSTILE):
            if sample is not None and (number % len(deps) == index) != sample:
                continue
            mutated = json.loads(json.dumps(base))
            (mutated["inputs"] + mutated["state"])[index]["value"] = value
            out.append((f"{path} {key[:60]} {dep['id']}.{dep['property']}={str(value)[:20]!r}", mutated))
    return out


def mutated_urls(app, page: dict, values: dict) -> list[tuple[str, dict]]:
    params = [p for p in inspect.signature(page["layout"]).parameters if p not in ("lang", "_query")] \
        if callable(page["layout"]) else []
    routing = body(".._pages_content.children..._pages_store.data..", app.callback_map[
        ".._pages_content.children..._pages_store.data.."], values)
    out = []
    for param in params:
        for text in QUERY_HOSTILE:
            mutated = json.loads(json.dumps(routing))
            mutated["inputs"][1]["value"] = f"?lang=en&{param}={text}"
            out.append((f"{page['path']}?{param}={text[:20]}", mutated))
    return out
