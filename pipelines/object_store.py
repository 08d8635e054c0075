"""Register files on object storage (an s3://bucket/prefix root) through pyarrow's S3 file system."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pyarrow.fs as pafs


def is_remote(root: str) -> bool:
    return root.startswith("s3://")


def s3(root: str) -> tuple[pafs.S3FileSystem, str]:
    """The file system and `bucket/prefix` of an s3:// root. Credentials and region are found as the AWS SDK
    finds them; AWS_ENDPOINT_URL names a server other than AWS's (MinIO, Ceph, a test's moto)."""
    url = urlparse(root)
    endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
    return pafs.S3FileSystem(endpoint_override=endpoint), f"{url.netloc}{url.path}".rstrip("/")


def download(root: str, prefix: str, folder: Path) -> bool:
    """Copy the objects under root/prefix to folder/prefix (False: there are none)."""
    fs, base = s3(root)
    found = fs.get_file_info(pafs.FileSelector(f"{base}/{prefix}", allow_not_found=True, recursive=True))
    if not any(info.type == pafs.FileType.File for info in found):
        return False
    (folder / prefix).mkdir(parents=True, exist_ok=True)
    pafs.copy_files(f"{base}/{prefix}", str(folder / prefix), source_filesystem=fs,
                    destination_filesystem=pafs.LocalFileSystem())
    return True


def upload(folder: Path, root: str, prefix: str) -> None:
    """Put each file under folder as one object root/prefix/<its path under folder>.

    An object appears whole or not at all (a PUT, or the completion of a multipart upload), and
    replaces the object of the same key whole: a reader never sees half a file."""
    fs, base = s3(root)
    pafs.copy_files(str(folder), f"{base}/{prefix}", source_filesystem=pafs.LocalFileSystem(), destination_filesystem=fs)
