"""Production refuses to run unsafe: the secret key, HTTPS settings from the environment, `check --deploy`
with the documented environment, CSP, Cache-Control and the API schema for logged-in users only.

The settings are read once per process, so what depends on the environment runs `manage.py` in a
subprocess with exactly the environment given (nothing inherited but PATH).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import login
from .visitation_steps import granted

ROOT = Path(__file__).resolve().parent.parent
# What an operator would generate (README: secrets.token_urlsafe(50)); fixed so a failure is reproducible.
REAL_LOOKING_SECRET = "q8Vn2yK0xR3wLm7ZpT5bJ9cHf1sGd4uAe6iXo0kNvQyW2rEt8ZhMa"


def env_example() -> dict[str, str]:
    """The production environment as documented in .env.example (which docker-compose reads)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**changes: str) -> dict[str, str]:
    env = {**env_example(), "SECRET_KEY": REAL_LOOKING_SECRET, **changes}
    return {name: value for name, value in env.items() if value is not None}


# --- the secret key ---------------------------------------------------------------------------


def test_the_documented_production_environment_passes_check_deploy_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_warn_without_the_https_settings():
    """The control for the test above: the same check fails when the HTTPS settings are missing."""
    env = production_env()
    for name in [name for name in env if name.startswith("SECURE_")]:
        del env[name]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        ("insecure-development-key-never-use-in-production", "publicly known"),
        ("change-me", "publicly known"),  # the placeholder in .env.example
        ("short-but-not-public", "too short"),
    ],
)
def test_with_debug_off_the_app_refuses_to_start_without_a_real_secret_key(secret, message):
    env = {"DEBUG": "0", "SECRET_KEY": secret}
    result = manage("check", env={name: value for name, value in env.items() if value is not None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_without_debug_or_key_in_the_environment_the_app_refuses_too():
    result = manage("check", env={})
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_with_debug_on_the_development_key_is_used():
    result = manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_the_https_settings_come_from_the_environment():
    script = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.TRUSTED_PROXY_COUNT, s.REQUIRE_2FA)"
    )
    result = manage("shell", "--verbosity", "0", "-c", script, env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "31536000", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "True", "1", "True"
    ]  # fmt: skip


# --- headers ----------------------------------------------------------------------------------


def test_every_page_carries_a_csp_without_unsafe_inline(client):
    policy = client.get("/log-ind/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_api_answers_and_letters_are_no_store(
    client, catalogue, case, counsellor, approver, caseworker
):
    decision = granted(case, counsellor, approver)
    login(client, caseworker)
    responses = {
        "login page": client.get("/log-ind/"),
        "case page": client.get(f"/sager/{case.pk}/"),
        "API JSON": client.get(f"/api/v1/cases/{case.pk}/"),
        "letter PDF": client.get(f"/afgoerelser/{decision.pk}/brev.pdf"),
        "API letter PDF": client.get(f"/api/v1/decisions/{decision.pk}/letter/"),
        "not found": client.get("/sager/999999/"),
    }
    for name, response in responses.items():
        assert "no-store" in response.get("Cache-Control", ""), name
    assert responses["letter PDF"]["Content-Type"] == "application/pdf"
    assert responses["API JSON"].status_code == 200


def test_hsts_and_ssl_redirect_follow_the_settings(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/log-ind/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/log-ind/"
    response = client.get("/log-ind/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- the API schema and docs --------------------------------------------------------------------


def test_anonymous_visitors_get_no_schema(client, db):
    assert client.get("/api/v1/schema/").status_code == 401


def test_anonymous_visitors_are_sent_from_the_docs_to_the_login_page(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302 and response["Location"] == "/log-ind/?next=/api/v1/docs/"
    assert client.get("/api/v1/docs/?script=").status_code == 302


def test_a_token_fetches_the_schema(client, caseworker):
    from .visitation_steps import api

    assert api(client, caseworker).get("/api/v1/schema/").status_code == 200


def test_the_docs_load_swagger_ui_from_our_own_static_files(client, caseworker):
    login(client, caseworker)
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "/api/v1/docs/?script=" in page
    assert "<style" not in page and "cdn." not in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_docker_compose_defaults_match_the_documented_environment():
    """docker-compose fills in what an older .env lacks; those defaults must be the documented values."""
    import re

    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    documented = env_example()
    defaults = compose["x-app"]["environment"]
    assert defaults, "docker-compose.yml passes no environment defaults"
    for name, value in defaults.items():
        match = re.fullmatch(r"\$\{(\w+):-(.*)\}", value)
        assert match and match.group(1) == name, f"{name}: {value}"
        assert documented[name] == match.group(2), name
