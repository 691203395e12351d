"""The people and procedures of the documents tests (no tests of its own): the processing
world (a citizen, the officer of commune A's point, commune B deciding), whose birth
registration asks for a paper of type GIAY_KHAI_SINH, and a second procedure (residence
registration) that asks for the same type of paper, so the first dossier's scan can be reused.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.test_processing_world import MONDAY_9, at, build_world, receive
from factories.catalog import PublishedProcedureFactory
from motcua.dossiers.models import SubmittedComponent

TYPE = "GIAY_KHAI_SINH"


def documents_world(settings, city) -> dict:
    world = build_world(settings, city)
    first = world["version"].components.get(order=1)
    first.document_type = TYPE
    first.save(update_fields=["document_type"])
    second = PublishedProcedureFactory(version__name="Đăng ký thường trú").versions.get()
    needed = second.components.get(order=1)
    needed.document_type = TYPE
    needed.save(update_fields=["document_type"])
    world["second_version"] = second
    world["citizen"].identity_number = "001090012345"
    world["citizen"].save(update_fields=["identity_number"])
    return world


def upload(data: bytes, name: str = "scan.pdf", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def paper(dossier, order: int = 1) -> SubmittedComponent:
    return SubmittedComponent.objects.select_related("component").get(
        dossier=dossier, component__order=order
    )


__all__ = ["MONDAY_9", "TYPE", "at", "datetime", "documents_world", "paper", "receive", "upload"]
