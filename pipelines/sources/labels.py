"""Publishers' labels in English, French, Spanish or German, compared without case, accents or spacing."""

import re
import unicodedata

import pandas as pd

# ILOSTAT observation status labels (en, fr, es) -> SDMX OBS_STATUS; an empty cell is a normal value.
ILOSTAT_STATUS = {
    "": "A", "break in series": "B", "rupture de serie": "B", "ruptura de serie": "B",
    "unreliable": "U", "peu fiable": "U", "poco fiable": "U",
    "not significant": "U", "non significatif": "U", "no significativo": "U",
    "estimate": "E", "estimated": "E", "estimation": "E", "estimacion": "E", "estimado": "E",
    "provisional": "P", "provisoire": "P",
    "forecast": "F", "prevision": "F", "pronostico": "F",
    "imputed": "I", "imputation": "I", "impute": "I", "imputado": "I", "imputacion": "I",
}
ILOSTAT_SEX = {"total": "_T", "male": "M", "males": "M", "men": "M", "hommes": "M", "homme": "M",
               "hombres": "M", "hombre": "M", "female": "F", "females": "F", "women": "F", "femmes": "F",
               "femme": "F", "mujeres": "F", "mujer": "F", "other": "_O", "autre": "_O", "autres": "_O",
               "otro": "_O", "otros": "_O"}
# "(thousands)" in an indicator label: the values are in thousands, as the label says.
UNIT_WORDS = {"%": "percent", "thousands": "thousands", "milliers": "thousands", "miles": "thousands"}

# Eurostat labels (en, fr, de) of the dimensions une_rt_m and its siblings use.
EUROSTAT_SEX = {"total": "_T", "insgesamt": "_T", "males": "M", "hommes": "M", "manner": "M",
                "females": "F", "femmes": "F", "frauen": "F"}
EUROSTAT_ADJUSTMENT = (("seasonally", "SA"), ("donnees desaisonnalisees", "SA"), ("saisonbereinigt", "SA"),
                       ("saison- und kalenderbereinigt", "SA"), ("trend", "TC"), ("tendance", "TC"),
                       ("unadjusted", "NSA"), ("calendar adjusted data, not seasonally", "NSA"),
                       ("donnees brutes", "NSA"), ("donnees corrigees des effets de calendrier", "NSA"),
                       ("unbereinigt", "NSA"), ("kalenderbereinigt", "NSA"))
EUROSTAT_AGE = ((r"(?:from |de |von )?(\d+) (?:to|a|bis) (\d+) (?:years|ans|jahre)", "Y{0}-{1}"),
                (r"(?:less than|moins de|weniger als) (\d+) (?:years|ans|jahre)", "Y_LT{0}"),
                (r"(\d+) (?:years or over|ans ou plus|jahre und mehr|jahre oder alter)", "Y_GE{0}"))
EUROSTAT_PERCENT = ("percentage", "pourcentage", "prozent")
EUROSTAT_THOUSANDS = ("thousand", "milliers", "tausend")
EUROSTAT_FLAGS = {"break in time series": "b", "rupture de serie": "b", "zeitreihenbruch": "b",
                  "estimated": "e", "estime": "e", "geschatzt": "e", "provisional": "p", "provisoire": "p",
                  "vorlaufig": "p", "low reliability": "u", "faible fiabilite": "u",
                  "geringe zuverlassigkeit": "u", "definition differs, see metadata": "d",
                  "definition differs": "d", "definition differente": "d", "abweichende definition": "d",
                  "confidential": "c", "confidentiel": "c", "vertraulich": "c", "not available": "z"}


def plain(text: str) -> str:
    """'Rupture de Série ' -> 'rupture de serie': case, accents, apostrophes and spacing put aside."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("\u2019", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare).strip().casefold()


def plain_series(values: pd.Series) -> pd.Series:
    return values.astype(str).map(plain)


def after_colon(text: str) -> str:
    """'Sexe: Hommes' -> 'Hommes'; a text with no 'Name: ' prefix is kept."""
    return text.split(":", 1)[1] if ":" in text else text


def ilostat_status(value: str) -> str | None:
    """SDMX status of an ILOSTAT code or label ('B', 'Break in series', 'Poco fiable'); None if unknown."""
    text = str(value).strip()
    if re.fullmatch(r"[ABDEFIMPU]", text):
        return text
    return ILOSTAT_STATUS.get(plain(text))


def ilostat_sex(value: str) -> str | None:
    """'SEX_T', 'Sex: Total', 'Sexe: Hommes', 'Sexo: Mujeres' -> '_T', 'M', 'F'."""
    text = plain(value)
    code = re.fullmatch(r"(?:sex_)?([tmfo])", text)
    if code:
        return {"t": "_T", "m": "M", "f": "F", "o": "_O"}[code.group(1)]
    return ILOSTAT_SEX.get(plain(after_colon(text)))


def unit_in_label(label: str) -> str | None:
    """The unit an indicator label states in its last brackets: '(%)', '(thousands)', '(milliers)'."""
    found = re.findall(r"\(([^()]*)\)", plain(label))
    return UNIT_WORDS.get(found[-1].strip()) if found else None


def eurostat_sex(value: str) -> str | None:
    return EUROSTAT_SEX.get(plain(value))


def eurostat_adjustment(value: str) -> str | None:
    text = plain(value)
    return next((code for start, code in EUROSTAT_ADJUSTMENT if text.startswith(start)), None)


def eurostat_age(value: str) -> str | None:
    text = plain(value)
    if text in ("total", "insgesamt"):
        return "_T"
    for pattern, code in EUROSTAT_AGE:
        if m := re.fullmatch(pattern, text):
            return code.format(*m.groups())
    return None


def eurostat_flag(value: str) -> str | None:
    """Eurostat flag letters ('bu'), 'b: break in time series' or a bare label -> letters; None if unknown."""
    text = str(value).strip()
    if re.fullmatch(r"[a-z]*", text):
        return text
    if m := re.fullmatch(r"([a-z]+) ?:.*", text):
        return m.group(1)
    return EUROSTAT_FLAGS.get(plain(text))


def eurostat_unit(value: str) -> str:
    """'PC_ACT' or a percentage label -> 'percent'; 'THS_PER' or 'Thousand persons' ('Milliers de personnes',
    'Tausend Personen') -> 'thousands', the multiplier kept; any other unit as the file gives it."""
    text = plain(value)
    if value.startswith("PC") or text.startswith(EUROSTAT_PERCENT):
        return "percent"
    return "thousands" if value.startswith("THS") or text.startswith(EUROSTAT_THOUSANDS) else value
