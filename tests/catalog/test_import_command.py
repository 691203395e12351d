"""Rule: `motcua catalog import FILE` prints a summary, or every problem and exits non-zero
having imported nothing; `motcua catalog export FILE` writes the file. Never a traceback."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from factories.catalog import PublishedProcedureFactory
from motcua.catalog.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("catalog", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("suffix", ["json", "xlsx"])
def test_export_then_import_through_the_command(tmp_path, suffix):
    PublishedProcedureFactory(code="1.000001")
    path = tmp_path / f"catalogue.{suffix}"
    out, _err = run("export", str(path))
    assert "1 procedure(s) with 1 version(s)" in out
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    out, _err = run("import", str(path))
    assert "Imported: " in out and "1 procedures created" in out
    assert ProcedureVersion.objects.get().is_published


def test_a_bad_import_prints_every_problem_and_fails(tmp_path):
    PublishedProcedureFactory(code="1.000001")
    path = tmp_path / "catalogue.json"
    run("export", str(path))
    document = json.loads(path.read_text())
    document["procedures"][0]["versions"][0]["name"] = 5
    document["procedures"][0]["versions"][0]["level"] = "district"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="2 problem"):
        out, err = io.StringIO(), io.StringIO()
        with translation.override("en"):
            call_command("catalog", "import", str(path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        "procedures[0].versions[0], name: Expected text.",
        "procedures[0].versions[0], level: “district” is not allowed; expected one of: "
        "central, province, commune.",
    ]


def test_a_file_that_is_not_json_exits_non_zero_without_a_traceback(tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_bytes(b"\x89PNG not json")
    env = {**os.environ, "LANGUAGE_CODE": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "motcua.manage", "catalog", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "CommandError" in done.stderr
