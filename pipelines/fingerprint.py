"""A fingerprint of the code and declarations that make the figures: when it changes, everything is recomputed."""

import hashlib
from functools import cache

from kernel.settings import REPO_ROOT

PARTS = ("indicators/**/*.py", "indicators/**/*.sql", "indicators/**/*.yaml", "data/codelists/*.csv")


@cache
def fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in PARTS:
        for path in sorted(REPO_ROOT.glob(pattern)):
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
