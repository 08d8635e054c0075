"""The SDMX structures of the API: one dataflow per indicator (and ALL), the data structure, code lists in every language."""

from functools import cache

import yaml

from indicators.catalog import catalogue
from indicators.codelists import codelist
from indicators.export import SDMX_ATTRIBUTES, SDMX_DIMENSIONS
from publish.realm import REALMS

AGENCY, DSD_ID, VERSION, ALL = "LMO", "DSD_LMO", "1.0", "ALL"
# Series dimensions in key order (TIME_PERIOD last); REALM keeps official, user, derived and synthetic apart.
DIMENSIONS = {**{k: v for k, v in SDMX_DIMENSIONS.items() if k != "period"}, "realm": "REALM"}
ATTRIBUTES = {**SDMX_ATTRIBUTES, "basis": "BASIS"}
# Where a dimension's names come from: code-list files of data/codelists (name_<lang> columns).
CODELIST_FILES = {"geo": ("geo", "countries", "regions"), "sex": ("sex",), "age": ("age",),
                  "citizenship": ("citizenship",), "activity": ("noga",),
                  "occupation": ("isco08", "ch_isco19"), "programme": ("programmes", "lmp_categories"),
                  "obs_status": ("obs_status",), "conf_status": ("conf_status",)}
CODED = ("indicator", "geo", "sex", "age", "citizenship", "activity", "occupation", "programme", "measure",
         "adjustment", "realm", "obs_status", "conf_status")


def codelist_id(column: str) -> str:
    return f"CL_{(DIMENSIONS | ATTRIBUTES)[column]}"


@cache
def names(column: str) -> dict[str, dict[str, str]]:
    """code → {lang: name} for one coded column, from the catalogue, the code-list files or the label files."""
    if column == "indicator":
        return {item["id"]: {k: v for k, v in item["name"].items() if isinstance(v, str)} for item in catalogue()}
    if column in ("measure", "adjustment", "realm"):
        return label_names(column)
    out: dict[str, dict[str, str]] = {}
    for name in CODELIST_FILES.get(column, ()):
        table = codelist(name)
        code = "code" if "code" in table.columns else "alpha2"
        langs = [c for c in table.columns if c.startswith("name_")]
        for row in table.to_dict("records"):
            out.setdefault(row[code], {c[5:]: row[c] for c in langs if row[c]})
    if column in CODELIST_FILES and column not in ("sex", "obs_status", "conf_status"):
        out.setdefault("_T", names("sex")["_T"])  # every breakdown's total, named once (sex.csv)
    return out


def label_names(column: str) -> dict[str, dict[str, str]]:
    """Names of measures, adjustments and realms from the dashboard's and the bulletin's label files."""
    from dashboard import lang as L
    from kernel.vocabulary import LANGS
    from publish.texts import text

    if column == "realm":
        return {realm: {lang: text(f"realm.{realm}", lang) for lang in LANGS} for realm in REALMS}
    group = "measure" if column == "measure" else "option"
    tree = yaml.safe_load((L.I18N / "en.yaml").read_text(encoding="utf-8"))[group]
    return {code: {lang: L.t(f"{group}.{code}", lang) for lang in L.LANGS} for code in tree}


def codes_in_use(con, table: str, realm_expr: str) -> dict[str, list[str]]:
    """The distinct codes of every coded column in the published values."""
    select = ", ".join(f"list(DISTINCT {realm_expr if c == 'realm' else c} ORDER BY {realm_expr if c == 'realm' else c})"
                       for c in CODED)
    row = con.execute(f"SELECT {select} FROM {table}").fetchall()[0]
    return dict(zip(CODED, row))


def build(codes: dict[str, list[str]]):
    """A structure message: code lists, the data structure and one dataflow per indicator plus ALL."""
    from sdmx.message import StructureMessage
    from sdmx.model import common, v21

    agency = common.Agency(id=AGENCY)
    message = StructureMessage()
    lists = {}
    for column, used in codes.items():
        cl = common.Codelist(id=codelist_id(column), maintainer=agency, version=VERSION, is_final=True,
                             name={"en": column})
        known = names(column)
        for code in used:
            cl.append(common.Code(id=code, name=known.get(code) or {"en": code}))
        lists[column] = cl
        message.add(cl)
    dsd = v21.DataStructureDefinition(id=DSD_ID, maintainer=agency, version=VERSION, is_final=True,
                                      name={"en": "LMO indicator values"})
    for order, (column, dim) in enumerate(DIMENSIONS.items()):
        dsd.dimensions.append(v21.Dimension(id=dim, order=order, local_representation=enumerated(lists[column])))
    dsd.dimensions.append(v21.TimeDimension(id="TIME_PERIOD", order=len(DIMENSIONS)))
    dsd.measures.append(v21.PrimaryMeasure(id="OBS_VALUE"))
    for column, attribute in ATTRIBUTES.items():
        representation = enumerated(lists[column]) if column in lists else None
        dsd.attributes.append(v21.DataAttribute(id=attribute, related_to=v21.PrimaryMeasureRelationship(),
                                                local_representation=representation))
    message.add(dsd)
    for flow in [ALL, *codes["indicator"]]:
        title = names("indicator").get(flow) or {"en": "All LMO indicator values"}
        message.add(v21.DataflowDefinition(id=flow, maintainer=agency, version=VERSION, structure=dsd,
                                           is_final=True, name=title))
    return message


def enumerated(cl):
    from sdmx.model import common

    return common.Representation(enumerated=cl)


def select(message, kind: str, resource: str):
    """The structures asked for: dataflows come with their data structure and code lists (references=all)."""
    from sdmx.message import StructureMessage

    wildcard = resource in ("*", "all")
    out = StructureMessage()
    if kind == "codelist":
        for key, item in message.codelist.items():
            if wildcard or key == resource:
                out.add(item)
        return out
    if kind == "dataflow":
        for key, item in message.dataflow.items():
            if wildcard or key == resource:
                out.add(item)
    if kind == "datastructure" and not (wildcard or resource == DSD_ID):
        return out
    for item in [*message.structure.values(), *message.codelist.values()]:
        out.add(item)
    return out
