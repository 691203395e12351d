"""Where the bytes live: the "documents" storage of settings.STORAGES (a local folder by
default, S3-compatible object storage with django-storages), at a path derived from the
content's SHA-256, `aa/bb/<hash>`. The same content is written once; nothing here deletes."""

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.core.files.storage.handler import InvalidStorageError

STORAGE_ALIAS = "documents"


def documents_storage() -> Storage:
    try:
        return storages[STORAGE_ALIAS]
    except InvalidStorageError:
        return default_storage


def path_for(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def put(sha256: str, data: bytes) -> str:
    """Write `data` under its hash unless that content is already there; the path."""
    storage = documents_storage()
    path = path_for(sha256)
    if not storage.exists(path):
        saved = storage.save(path, ContentFile(data))
        if saved != path:  # a concurrent writer won the race: same content, drop our copy
            storage.delete(saved)
    return path


def open_content(sha256: str):
    """A readable binary file of the content (the caller closes it)."""
    return documents_storage().open(path_for(sha256), "rb")
