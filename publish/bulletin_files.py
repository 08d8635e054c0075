"""Where bulletins are kept (var/bulletins/<period>/<lang>.pdf) and how the newest is found."""

import hashlib
from pathlib import Path

from kernel.settings import LmoError
from publish.realm import synthetic_sql

HERE = Path(__file__).parent


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


def code() -> str:
    """A digest of what lays the bulletin out: its code, template, texts and declaration."""
    digest = hashlib.sha256()
    for path in sorted([*HERE.glob("bulletin*"), HERE / "svg.py", HERE / "texts.py", *HERE.glob("templates/*"),
                        *HERE.glob("i18n/*")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def write_all(db: Path, langs, period: str | None = None) -> list[Path]:
    """The bulletin of `period` (default: the latest month) as HTML and PDF in each language. Files made from the
    current publication by the same code are kept unread; after a new publication a language whose HTML comes out
    the same keeps its PDF (laying one out takes seconds; most publications leave the national month as it was)."""
    from kernel.query import published, quality_results, reader
    from publish.bulletin_data import load

    checks = quality_results(db)
    with reader(db) as con:
        period = period or latest_month(con)
        folder = bulletins_dir(db) / period
        files = [folder / f"{lang}.{fmt}" for lang in langs for fmt in ("html", "pdf")]
        digest = code()
        made_from = f"{published(db).name} {digest}"
        stamp = folder / ".made-from"
        before = stamp.read_text(encoding="utf-8") if stamp.exists() else ""
        if all(f.exists() for f in files) and before == made_from:
            return files
        stamp.unlink(missing_ok=True)  # a run stopped while writing leaves no stamp: the next writes again
        month = load(con, period)
        same_code = before.endswith(f" {digest}")
        for lang in langs:
            write_language(con, folder, lang, (period, checks, month), same_code)
    stamp.write_text(made_from, encoding="utf-8")
    return files


def write_language(con, folder: Path, lang: str, figures: tuple, same_code: bool) -> None:
    """One language's HTML and PDF, unless its HTML is unchanged. The PDF is written first: an HTML file on disk
    always has the PDF laid out from it beside it, even after a run stopped between the two."""
    from publish.bulletin import render, write

    period, checks, month = figures
    html, pdf = folder / f"{lang}.html", folder / f"{lang}.pdf"
    text = render(con, period, lang, checks, month)
    if same_code and pdf.exists() and html.exists() and html.read_text(encoding="utf-8") == text:
        return
    write(text, "pdf", pdf)
    write(text, "html", html)


def latest_bulletin(db: Path, lang: str, fmt: str) -> Path | None:
    """The newest bulletin file in one language and format, or None."""
    months = sorted(p.name for p in bulletins_dir(db).glob("????-??") if (p / f"{lang}.{fmt}").exists())
    return bulletins_dir(db) / months[-1] / f"{lang}.{fmt}" if months else None
