"""Rule: stored files go through the storage "documents": a local folder under the data
folder by default, S3-compatible object storage (django-storages) when DOCUMENTS_S3_BUCKET or
STORAGE_BACKEND=s3 is set; the same code runs on both."""

import json
import os
import subprocess
import sys

PROBE = (
    "import json, motcua.settings as s;"
    "print(json.dumps({'documents': s.STORAGES['documents'], 'mb': s.DOCUMENTS_MAX_FILE_MB}))"
)


def probe(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("S3_", "DOCUMENTS_", "STORAGE_")) and k not in {"DATA_DIR"}
    }
    clean.update({"DATA_DIR": str(tmp_path / "data"), **env})
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_files_are_stored_in_the_data_folder_by_default(tmp_path):
    values = probe(tmp_path)
    assert values["documents"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert values["documents"]["OPTIONS"]["location"] == str(tmp_path / "data/files/documents")
    assert values["mb"] == 20


def test_a_bucket_setting_puts_them_in_private_object_storage(tmp_path):
    values = probe(
        tmp_path,
        DOCUMENTS_S3_BUCKET="ho-so",
        S3_ENDPOINT_URL="https://s3.example.vn",
        DOCUMENTS_MAX_FILE_MB="30",
    )
    storage = values["documents"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "ho-so"
    assert options["endpoint_url"] == "https://s3.example.vn"
    assert options["location"] == "documents"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert values["mb"] == 30


def test_storage_backend_s3_uses_the_common_bucket(tmp_path):
    options = probe(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET="motcua")["documents"]["OPTIONS"]
    assert options["bucket_name"] == "motcua"
