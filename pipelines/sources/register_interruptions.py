"""Register exchange format, periods not counted as unemployed (kind register-interruptions); see docs/register-format.md."""

from functools import partial

from pipelines.sources import register
from pipelines.sources.register_files import spec

NAME = "interruptions"
KIND = spec(NAME)["kind"]
TABLE = spec(NAME)["table"]
read = partial(register.read, name=NAME)
to_table = partial(register.to_table, name=NAME)
periods = partial(register.periods, name=NAME)
