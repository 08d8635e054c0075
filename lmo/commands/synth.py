"""`lmo synth`: write a synthetic register (spells, vacancies, participations) in the exchange format."""

import re
from pathlib import Path

from kernel.settings import LmoError

SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000}


def register(sub) -> None:
    parser = sub.add_parser("synth", help="write a SYNTHETIC register in the exchange format")
    parser.add_argument("--country", default="CH", choices=["CH", "MA", "TN", "MR"])
    parser.add_argument("--size", default="5000",
                        help="registration spells, e.g. 5000, 200k, 2M (some are returns of an earlier person), or `real`: "
                             "as many as give the published stocks (CH)")
    parser.add_argument("--person-months", help="instead of --size: about this many person-month rows, e.g. 10M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--format", default="csv", choices=["csv", "xlsx", "parquet"])
    parser.add_argument("--lang", default="en", choices=["en", "fr", "de"], help="language of headers and coded values")
    parser.set_defaults(func=run)


def count(text: str, option: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmM]?)", text.strip())
    if not match or float(match[1]) * SUFFIX[match[2].lower()] < 1:
        raise LmoError(f"{option}: expected a positive count like 5000, 200k or 2M, got {text!r}")
    return int(float(match[1]) * SUFFIX[match[2].lower()])


def run(args) -> int:
    from pipelines.synth.generate import real_size, size_for_person_months
    from pipelines.synth.write import write_register

    if args.person_months:
        size = size_for_person_months(args.country, count(args.person_months, "--person-months"), args.seed)
    else:
        size = real_size(args.country, args.seed) if args.size == "real" else count(args.size, "--size")
    out = Path(args.out)
    meta = write_register(args.country, size, args.seed, out, args.format, args.lang)
    rows = meta["rows"]
    print(f"SYNTHETIC register {meta['dataset']} (seed {args.seed}) written to {out}")
    print(f"  spells: {rows['spells']}, persons: {rows['persons']}, person-months: {rows['person_months']}, "
          f"participations: {rows['participations']}, vacancies: {rows['vacancies']}")
    for name in ("spells", "vacancies", "programmes"):
        print(f"  lmo ingest register-{name} {out / f'{name}.{args.format}'}")
    print("  true effects and calibration: " + str(out / "synth-metadata.json"))
    return 0
