"""Register exchange format, job seekers' unemployment spells (kind register-spells); see docs/register-format.md."""

from functools import partial

from pipelines.sources import register
from pipelines.sources.register_files import spec

NAME = "spells"
KIND = spec(NAME)["kind"]
TABLE = spec(NAME)["table"]
read = partial(register.read, name=NAME)
to_table = partial(register.to_table, name=NAME)
periods = partial(register.periods, name=NAME)
