"""Subcommands of `lmo`, one module each; shared argument helpers."""

import argparse

DB_HELP = "warehouse file (default: $LMO_DB or var/warehouse.duckdb)"


def add_db(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: without --db after the subcommand, the value given before it (lmo --db X run) stands
    parser.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)


def add_format(parser: argparse.ArgumentParser, choices=("table", "csv", "json")) -> None:
    parser.add_argument("--format", choices=choices, default=choices[0], help="output format")
