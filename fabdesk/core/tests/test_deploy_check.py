"""`fabdesk check --deploy` with production settings and the variables docs/deploying.md
lists: no warning. Run in a subprocess with a clean environment, as an operator would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import fabdesk

PROJECT_DIR = Path(fabdesk.__file__).resolve().parent.parent


def _run(tmp_path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "fabdesk.settings.production",
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "fabdesk", *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _documented(tmp_path) -> dict[str, str]:
    return {
        "FABDESK_SECRET_KEY": secrets.token_urlsafe(64),
        "FABDESK_ALLOWED_HOSTS": "fablab.example.org",
        "FABDESK_SITE_URL": "https://fablab.example.org",
        "FABDESK_CSRF_TRUSTED_ORIGINS": "https://fablab.example.org",
        "FABDESK_DATABASE_URL": "postgres://fabdesk:secret@localhost:5432/fabdesk",
        "FABDESK_DATA_DIR": str(tmp_path / "var"),
        "FABDESK_EMAIL_HOST": "smtp.example.org",
        "FABDESK_EMAIL_PORT": "587",
        "FABDESK_EMAIL_USE_TLS": "true",
        "FABDESK_DEFAULT_FROM_EMAIL": "Fab Lab <no-reply@fablab.example.org>",
    }


def test_check_deploy_prints_no_warning_with_the_documented_variables(tmp_path):
    result = _run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **_documented(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    variables = _documented(tmp_path)
    del variables["FABDESK_SECRET_KEY"]
    result = _run(tmp_path, "check", **variables)
    assert result.returncode != 0
    assert "FABDESK_SECRET_KEY must be set" in result.stderr


PROBE = """
from django.test import Client
client = Client(HTTP_HOST="fablab.example.org")
print(client.get("/healthz").status_code, client.get("/").status_code)
"""


def _probe(tmp_path, database_url: str) -> tuple[str, str]:
    variables = {**_documented(tmp_path), "FABDESK_DATABASE_URL": database_url}
    result = _run(tmp_path, "shell", "-c", PROBE, **variables)
    healthz, home = result.stdout.split()[-2:]  # after Django's "objects imported" line
    return healthz, home


def test_production_redirects_to_https_except_for_the_health_check(tmp_path):
    healthz, home = _probe(tmp_path, f"sqlite:///{tmp_path}/unmigrated.sqlite3")
    assert home == "301"  # plain HTTP goes to HTTPS
    assert healthz == "503"  # answered (migrations pending), not redirected


def test_health_check_says_503_when_the_database_server_is_down(tmp_path):
    healthz, _home = _probe(tmp_path, "postgres://fabdesk@127.0.0.1:9/fabdesk")  # nobody there
    assert healthz == "503"
