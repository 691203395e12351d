"""Handing a stored file to a browser: the same safe headers for every page and endpoint."""

from django.http import FileResponse

from motcua.documents import storage
from motcua.documents.validation import PREVIEWABLE


def file_response(stored, *, name: str, preview: bool) -> FileResponse:
    """The file's content under `name`, shown in the browser when a preview is asked for and
    the kind allows it (PDF, JPEG, PNG), otherwise downloaded. Callers check who may read it."""
    inline = preview and stored.kind in PREVIEWABLE
    response = FileResponse(
        storage.open_content(stored.sha256),
        as_attachment=not inline,
        filename=name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if not (inline and stored.kind == "pdf"):
        # Nothing in the file may run or load anything, even if a browser displayed it.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
