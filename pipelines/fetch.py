"""Pull a publisher's file politely: timeouts, retries with back-off, conditional requests, atomic writes."""

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import requests
import yaml

from kernel.settings import LmoError

CONFIG = Path(__file__).with_name("sources") / "fetch.yaml"
USER_AGENT = "lmo-fetch/0.1 (LMO labour-market observatory, open source; python-requests)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(LmoError):
    """A source could not be fetched; the file already on disk (if any) is left as it was."""


@dataclass
class Fetched:
    name: str
    path: Path
    status: str  # "downloaded" or "not modified"
    bytes: int = 0


@cache
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def source(name: str) -> dict:
    if name not in config()["sources"]:
        raise LmoError(f"unknown source {name!r}; known: {', '.join(config()['sources'])}")
    return config()["defaults"] | config()["sources"][name]


def meta_path(path: Path) -> Path:
    """The HTTP validators (ETag, Last-Modified) kept beside the file they describe."""
    return path.with_name(path.name + ".http.json")


def conditional_headers(path: Path) -> dict:
    meta = json.loads(meta_path(path).read_text()) if path.exists() and meta_path(path).exists() else {}
    headers = {"User-Agent": USER_AGENT}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


def download(session: requests.Session, url: str, path: Path, spec: dict) -> requests.Response:
    """One attempt: stream to a .part file, check the length, then swap it in."""
    headers = conditional_headers(path)
    with session.get(url, headers=headers, timeout=tuple(spec["timeout"]), stream=True) as response:
        if response.status_code == 304 or response.status_code >= 400:
            return response
        partial = path.with_name(f".{path.name}.part")
        try:
            with open(partial, "wb") as handle:
                received = sum(handle.write(block) for block in response.iter_content(1 << 16))
            expected = response.headers.get("Content-Length")
            if expected is not None and int(expected) != received and "Content-Encoding" not in response.headers:
                raise requests.exceptions.ChunkedEncodingError(f"truncated body: {received} of {expected} bytes")
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, path)
        meta_path(path).write_text(json.dumps({
            "url": url, "etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified"),
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"), "bytes": received}, indent=1))
        return response


def fetch(name: str, folder: Path, session: requests.Session | None = None, url: str | None = None) -> Fetched:
    """Fetch source `name` into folder/<file>; retries 5xx, 429, timeouts and cut-off bodies with back-off."""
    spec = source(name)
    url = url or spec["url"]
    path = Path(folder) / spec["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    session = session or requests.Session()
    problem = ""
    for attempt in range(spec["retries"] + 1):
        if attempt:
            time.sleep(spec["backoff"] * 2 ** (attempt - 1))
        try:
            response = download(session, url, path, spec)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
            problem = f"{type(error).__name__}: {error}"
            continue
        if response.status_code == 304:
            return Fetched(name, path, "not modified")
        if response.status_code in RETRY_STATUS:
            problem = f"HTTP {response.status_code}"
            continue
        if response.status_code >= 400:
            raise FetchError(f"{name}: {url}: HTTP {response.status_code}")
        return Fetched(name, path, "downloaded", path.stat().st_size)
    raise FetchError(f"{name}: {url}: gave up after {spec['retries'] + 1} attempts ({problem})")
