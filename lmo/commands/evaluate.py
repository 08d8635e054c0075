"""`lmo evaluate`: the average effect of a programme on the treated, from any table."""

import json
import sys
from pathlib import Path

from kernel.settings import LmoError

READERS = {".csv": "read_csv", ".txt": "read_csv", ".parquet": "read_parquet", ".pq": "read_parquet",
           ".dta": "read_stata", ".xlsx": "read_excel"}
METHODS = ("psm", "ipw", "dr", "did")


def register(sub) -> None:
    parser = sub.add_parser("evaluate", help="estimate a programme's effect on the treated (ATT)")
    parser.add_argument("--data", required=True, help="table of units: CSV, Excel .xlsx (first sheet), Parquet or Stata .dta")
    parser.add_argument("--treatment", required=True, help="0/1 column: took part in the programme")
    parser.add_argument("--outcome", required=True, help="outcome column (after the programme)")
    parser.add_argument("--covariates", required=True, help="comma-separated columns to adjust for")
    parser.add_argument("--method", choices=METHODS, default="dr",
                        help="psm (matching), ipw, dr (doubly robust, default) or did")
    parser.add_argument("--baseline", help="outcome before the programme (needed by --method did)")
    parser.add_argument("--caliper", type=float, default=0.2, help="PSM caliper in SDs of the logit score")
    parser.add_argument("--neighbours", type=int, default=4, help="PSM matches per treated unit (4, as Abadie and Imbens)")
    parser.add_argument("--trim", choices=("minmax", "crump"), default="minmax",
                        help="common support: minmax (inside the other group's score range, default) or crump"
                             " (scores in 0.1-0.9, Crump et al. 2009)")
    parser.add_argument("--reps", type=int, default=200,
                        help="bootstrap replications of ipw and dr (default 200); psm uses the Abadie-Imbens variance")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    parser.set_defaults(func=run)


def read_table(path: str):
    import pandas as pd

    from pipelines.sources import xlsx
    from pipelines.sources.validation import ValidationFailed

    file = Path(path)
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        raise LmoError(f"{path}: unknown file type {file.suffix!r} (use .csv, .xlsx, .parquet or .dta)")
    if not file.is_file():
        raise LmoError(f"{path}: no such file")
    try:
        if reader == "read_excel":
            xlsx.check(file)  # bounded before openpyxl holds the whole sheet
        return getattr(pd, reader)(file)
    except ValidationFailed as error:
        raise LmoError(str(error).splitlines()[-1]) from None
    except (ValueError, OSError, UnicodeDecodeError) as error:
        raise LmoError(f"{path}: cannot read as {reader[5:]}: {error}".splitlines()[0]) from None


def run(args) -> int:
    from indicators.evaluation import EvaluationError, evaluate

    if args.reps < 20 or args.reps > 5000:
        raise LmoError("--reps must be between 20 and 5000")
    covariates = [c.strip() for c in args.covariates.split(",") if c.strip()]
    frame = read_table(args.data)
    try:
        result = evaluate(frame, args.treatment, args.outcome, covariates, method=args.method,
                          baseline=args.baseline, reps=args.reps, seed=args.seed,
                          caliper_sd=args.caliper, neighbours=args.neighbours, trim=args.trim)
    except EvaluationError as error:
        raise LmoError(str(error)) from None
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, indent=1, allow_nan=False, default=str)
        sys.stdout.write("\n")
        sys.stderr.writelines(f"warning: {line}\n" for line in result.warnings)
    else:
        write_table(result, args)
    return 0


def write_table(result, args) -> None:
    import pandas as pd

    out = sys.stdout
    out.write(f"Effect of {args.treatment} on {args.outcome} among the treated (ATT), method {result.method}\n")
    out.write(f"  ATT               {result.att:.4f}   95% CI [{result.ci_low:.4f}, {result.ci_high:.4f}]"
              f"   {result.ci_method}\n")
    out.write(f"  naive difference  {result.naive_difference:.4f}   (treated mean minus control mean)\n")
    out.write(f"  units             {result.n_treated} treated, {result.n_control} control;"
              f" {result.n_on_support} on common support, {result.n_off_support} off;"
              f" {result.n_treated_used} treated used\n")
    write_overlap(out, result)
    out.write("\n")
    table = pd.DataFrame(result.balance)[["covariate", "mean_treated", "mean_control", "smd_before", "smd_after"]]
    out.write("Balance (standardised mean differences; |SMD| < 0.1 is usually read as balanced)\n")
    out.write(table.to_string(index=False, float_format=lambda v: f"{v:.3f}") + "\n")


def write_overlap(out, result) -> None:
    """Overlap diagnostics, sensitivity to unobserved confounding, and a warning line per threshold crossed."""
    from indicators.evaluation.support import EXTREME, MAX_EXTREME_SHARE, MIN_ESS_SHARE

    d = result.overlap_diagnostics
    out.write(f"  common support    {d['trim']} rule: scores {d['support_low']:.3f} to {d['support_high']:.3f};"
              f" off support {d['n_treated_off_support']} treated, {d['n_control_off_support']} control\n")
    out.write(f"  extreme scores    {d['n_treated_extreme']} treated, {d['n_control_extreme']} control outside"
              f" {EXTREME[0]}-{EXTREME[1]} ({d['share_extreme']:.1%}; warning above {MAX_EXTREME_SHARE:.0%})\n")
    if d["ess_control"] is not None:
        out.write(f"  controls' ESS     {d['ess_control']:.1f} ({d['ess_control_share']:.1%} of the controls on support;"
                  f" warning below {MIN_ESS_SHARE:.0%})\n")
    if result.e_value is not None:
        ci = "n/a" if result.e_value_ci is None else f"{result.e_value_ci:.2f}"
        out.write(f"  sensitivity       E-value {result.e_value:.2f} (interval's nearer end: {ci}): an unobserved"
                  f" confounder tied to both programme and outcome by this risk ratio could explain the effect away"
                  f" (VanderWeele and Ding 2017; scale {result.e_value_scale})\n")
    for line in result.warnings:
        out.write(f"warning: {line}\n")
