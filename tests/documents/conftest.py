import pytest


@pytest.fixture(autouse=True)
def documents_in_a_temporary_folder(settings, tmp_path):
    """Each test stores its files in its own folder (the "documents" storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents"), "base_url": None},
        },
    }
    return tmp_path / "documents"
