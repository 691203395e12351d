"""Rule: every setting comes from the environment, with safe embedded defaults (issue 2 §4)."""

import json
import os
import subprocess
import sys

import pytest

from motcua.env import ImproperSetting, env_bool, env_list

PROBE = (
    "import json, motcua.settings as s;"
    "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'engine':"
    " s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    " 'key': s.SECRET_KEY, 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'demo': s.DEMO_MODE,"
    " 'media': str(s.MEDIA_ROOT), 'opts': s.DATABASES['default'].get('OPTIONS', {})}))"
)


def load_settings(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DATA_DIR",
            "MOTCUA_DEMO_MODE",
            "TIME_ZONE",
        }
    }
    clean.update({"DATA_DIR": str(tmp_path / "data"), **env})
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    return json.loads(out.stdout)


def test_defaults_are_safe_embedded_ones(tmp_path):
    values = load_settings(tmp_path)
    assert values["debug"] is False
    assert values["hosts"] == ["127.0.0.1", "localhost"]
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "data" / "motcua.sqlite3")
    assert values["tz"] == "Asia/Ho_Chi_Minh"
    assert values["lang"] == "vi"
    assert values["demo"] is False
    assert "journal_mode=WAL" in values["opts"]["init_command"]
    assert values["media"] == str(tmp_path / "data" / "files")


def test_secret_key_is_generated_once_into_the_data_folder_and_kept(tmp_path):
    first = load_settings(tmp_path)["key"]
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text() == first
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert load_settings(tmp_path)["key"] == first
    assert len(first) >= 50


def test_environment_overrides_every_default(tmp_path):
    values = load_settings(
        tmp_path,
        DATABASE_URL="postgres://u:p@db.example:5432/motcua",
        SECRET_KEY="from-the-environment",
        DEBUG="true",
        ALLOWED_HOSTS="motcua.hanoi.gov.vn, 10.0.0.5",
        MOTCUA_DEMO_MODE="1",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "motcua"
    assert values["key"] == "from-the-environment"
    assert values["debug"] is True
    assert values["hosts"] == ["motcua.hanoi.gov.vn", "10.0.0.5"]
    assert values["demo"] is True
    assert not (tmp_path / "data" / "secret_key").exists()


def test_an_unreadable_yes_no_value_stops_the_start(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperSetting, match="DEBUG"):
        env_bool("DEBUG")


def test_list_values_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.vn ,, b.vn ")
    assert env_list("ALLOWED_HOSTS", []) == ["a.vn", "b.vn"]
