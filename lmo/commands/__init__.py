"""Subcommands of `lmo`, one module each; shared argument helpers."""

import argparse


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="warehouse file (default: $LMO_DB or var/warehouse.duckdb)")


def add_format(parser: argparse.ArgumentParser, choices=("table", "csv", "json")) -> None:
    parser.add_argument("--format", choices=choices, default=choices[0], help="output format")
