import pytest


@pytest.fixture(autouse=True)
def each_test_in_its_own_documents_folder(documents_in_a_temporary_folder):
    """Every test of the documents app stores its files in its own folder."""
    return documents_in_a_temporary_folder
