"""Where bulletins are kept (var/bulletins/<period>/<lang>.pdf) and how the newest is found."""

from pathlib import Path

from kernel.settings import LmoError
from publish.realm import synthetic_sql


def bulletins_dir(db: Path) -> Path:
    return Path(db).parent / "bulletins"


def latest_month(con, geo: str = "CH") -> str:
    """The newest month with a national registered-unemployment figure: the month a bulletin reports on."""
    columns = {row[0] for row in con.execute("SELECT * FROM mart.indicator_values LIMIT 0").description}
    row = con.execute("SELECT max(period) FROM mart.indicator_values WHERE indicator = 'registered_unemployed' "
                      f"AND geo = ? AND length(period) = 7 AND measure = 'level' AND NOT ({synthetic_sql(columns)})",
                      [geo]).fetchall()[0]
    if row[0] is None:
        raise LmoError("no monthly registered unemployment in the published copy: no bulletin to write")
    return row[0]


def write_all(db: Path, langs, period: str | None = None) -> list[Path]:
    """The bulletin of `period` (default: the latest month) as HTML and PDF in each language."""
    from kernel.query import quality_results, reader
    from publish.bulletin import render, write
    from publish.bulletin_data import load

    checks = quality_results(db)
    written = []
    with reader(db) as con:
        period = period or latest_month(con)
        month = load(con, period)
        for lang in langs:
            html = render(con, period, lang, checks, month)
            folder = bulletins_dir(db) / period
            written += [write(html, "html", folder / f"{lang}.html"), write(html, "pdf", folder / f"{lang}.pdf")]
    return written


def latest_bulletin(db: Path, lang: str, fmt: str) -> Path | None:
    """The newest bulletin file in one language and format, or None."""
    months = sorted(p.name for p in bulletins_dir(db).glob("????-??") if (p / f"{lang}.{fmt}").exists())
    return bulletins_dir(db) / months[-1] / f"{lang}.{fmt}" if months else None
