"""Publisher downloads in other languages and formats, made from the real English files in data/.

ILOSTAT publishes its label files in English, French and Spanish, as CSV or Excel; Eurostat its
SDMX-CSV labels in English, French and German; the World Bank its WDI as a bulk file or a DataBank
export. Country names come from the Unicode CLDR (Babel), the other labels are the publishers' own
wordings; values, periods and flags are copied untouched.
Run as a script to write them: `python -m tests.relabel OUT_DIR`.
"""

import csv
import io
import sys
from pathlib import Path

import openpyxl
import pandas as pd
from babel import Locale

from kernel.settings import DATA_DIR
from pipelines.sources.countries import to_alpha2

ILOSTAT_FILE = DATA_DIR / "ilostat" / "EMP_NIFL_SEX_RT_A-20240726T0000.csv"
EUROSTAT_FILE = DATA_DIR / "eurostat" / "une_rt_m.csv"
WDI_FILE = DATA_DIR / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv"
ILOSTAT_WORDS = {
    "fr": {"Sex: Total": "Sexe: Total", "Sex: Male": "Sexe: Hommes", "Sex: Female": "Sexe: Femmes",
           "Sex: Other": "Sexe: Autre", "Break in series": "Rupture de série", "Unreliable": "Peu fiable",
           "Informal employment rate by sex (%)": "Taux d'emploi informel par sexe (%)"},
    "es": {"Sex: Total": "Sexo: Total", "Sex: Male": "Sexo: Hombres", "Sex: Female": "Sexo: Mujeres",
           "Sex: Other": "Sexo: Otro", "Break in series": "Ruptura de serie", "Unreliable": "Poco fiable",
           "Informal employment rate by sex (%)": "Tasa de empleo informal por sexo (%)"},
}
EUROSTAT_WORDS = {
    "fr": {"Monthly": "Mensuel", "Seasonally adjusted data, not calendar adjusted data":
           "Données désaisonnalisées, non corrigées des effets de calendrier",
           "From 25 to 74 years": "De 25 à 74 ans", "Less than 25 years": "Moins de 25 ans",
           "Percentage of population in the labour force": "Pourcentage de la population active",
           "Total": "Total", "Males": "Hommes", "Females": "Femmes"},
    "de": {"Monthly": "Monatlich", "Seasonally adjusted data, not calendar adjusted data":
           "Saisonbereinigte Daten, nicht kalenderbereinigte Daten",
           "From 25 to 74 years": "25 bis 74 Jahre", "Less than 25 years": "Weniger als 25 Jahre",
           "Percentage of population in the labour force": "Prozent der Erwerbspersonen",
           "Total": "Insgesamt", "Males": "Männer", "Females": "Frauen"},
}


def country_names(names: pd.Series, language: str) -> pd.Series:
    """English country names in `language` (CLDR); aggregates and unknown names kept as they are."""
    territories = Locale(language).territories
    codes = to_alpha2(names)
    return pd.Series([territories.get(c, n) if isinstance(c, str) else n for n, c in zip(names, codes)],
                     index=names.index)


def relabel(path: Path, language: str, words: dict, country_column: str) -> pd.DataFrame:
    """The file's table, every cell as text, with its labels in `language`."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame.apply(lambda column: column.map(lambda v: words.get(v, v)))
    frame[country_column] = country_names(frame[country_column], language)
    return frame


def ilostat(language: str) -> pd.DataFrame:
    return relabel(ILOSTAT_FILE, language, ILOSTAT_WORDS[language], "ref_area.label")


def eurostat(language: str) -> pd.DataFrame:
    return relabel(EUROSTAT_FILE, language, EUROSTAT_WORDS[language], "geo")


def wdi_databank() -> str:
    """The bulk file as the World Bank DataBank exports it: Series columns first, '1991 [YR1991]', '..', footer."""
    bulk = pd.read_csv(WDI_FILE, skiprows=4, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    years = [c for c in bulk.columns if c.isdigit()]
    frame = bulk.rename(columns={"Indicator Name": "Series Name", "Indicator Code": "Series Code"})
    frame = frame[["Series Name", "Series Code", "Country Name", "Country Code", *years]]
    frame[years] = frame[years].replace("", "..")
    out = io.StringIO()
    frame.rename(columns={y: f"{y} [YR{y}]" for y in years}).to_csv(out, index=False)
    return out.getvalue() + "\n\nData from database: World Development Indicators\nLast Updated: 04/08/2026\n"


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Quoted like the publisher's own CSV, with a byte-order mark."""
    out = io.StringIO()
    frame.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return path


def write_text(content: str, path: Path) -> Path:
    path.write_text("\ufeff" + content, encoding="utf-8")
    return path


def write_xlsx(frame: pd.DataFrame, path: Path, title: str | None = None) -> Path:
    """An Excel sheet with numbers as numbers (obs_value, time), under an optional title line."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(list(frame.columns))
    numeric = {"obs_value", "time"}
    for row in frame.itertuples(index=False):
        sheet.append([float(v) if c in numeric and v else (v or None) for c, v in zip(frame.columns, row)])
    book.save(path)
    return path


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(ilostat("fr"), folder / "emploi_informel_fr.csv"),
        write_csv(ilostat("es"), folder / "empleo_informal_es.csv"),
        write_xlsx(ilostat("fr"), folder / "EMP_NIFL_SEX_RT_A-20240726T0000_fr.xlsx"),
        write_xlsx(ilostat("es"), folder / "descarga ILOSTAT.xlsx", title="ILOSTAT"),
        write_csv(eurostat("fr"), folder / "une_rt_m_fr.csv"),
        write_csv(eurostat("de"), folder / "une_rt_m_de.csv"),
        write_text(wdi_databank(), folder / "Data_Extract_From_World_Development_Indicators.csv"),
    ]


if __name__ == "__main__":
    print("\n".join(map(str, write_all(Path(sys.argv[1])))))
