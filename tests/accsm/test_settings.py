"""Settings come from the environment; each case starts Django in a fresh process to see what it does."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = PROJECT_ROOT / "accsm" / "settings.py"

# Every variable the settings read; each test starts from none of them set. The first test below
# checks this against accsm/settings.py itself, and that README.md documents each one.
SETTINGS_VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_BEHIND_PROXY",
    "DJANGO_PROXY_COUNT",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_LOG_LEVEL",
    "DJANGO_BULK_DATA_DIR",
)

# What reads the environment: os.environ["X"], os.environ.get("X"), os.getenv("X"), the settings'
# own env_*("X") helpers (env_flag, env_list, ...), and dj_database_url.config(env="X").


def reads_environment(call):
    function = call.func
    if isinstance(function, ast.Name):
        return function.id.startswith("env_")
    return isinstance(function, ast.Attribute) and ast.unparse(function) in {"os.environ.get", "os.getenv"}


def variables_read_by_the_settings():
    """Every environment variable name accsm/settings.py reads."""
    names = []
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text())):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            names.append(node.slice)
        elif isinstance(node, ast.Call):
            if reads_environment(node) and node.args:
                names.append(node.args[0])
            names.extend(keyword.value for keyword in node.keywords if keyword.arg == "env")
    # A name passed in at run time (``name`` inside env_flag itself) is not a variable.
    return {name.value for name in names if isinstance(name, ast.Constant)}


def readme_configuration_variables():
    """The variables in the first column of README.md's Configuration table."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.M)


def test_settings_variables_are_every_one_the_settings_read():
    assert sorted(SETTINGS_VARIABLES) == sorted(variables_read_by_the_settings())


def test_settings_variables_are_each_documented_in_the_readme():
    assert sorted(readme_configuration_variables()) == sorted(SETTINGS_VARIABLES)


SHOW_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "LOG_LEVEL": settings.LOGGING["root"]["level"],
}))
"""

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "s3cret-for-tests",
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


def start_django(code="import django; django.setup()", **variables):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "accsm.settings"
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def settings_with(**variables):
    result = start_django(SHOW_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_refused(result, *words):
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    for word in words:
        assert word in last_line, result.stderr


def test_settings_without_debug_and_secret_key_refuse_to_start():
    result = start_django(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert_refused(result, "DJANGO_SECRET_KEY")


def test_settings_without_debug_variable_refuse_to_start_without_secret_key():
    # Debug is off unless asked for, so a forgotten DJANGO_DEBUG is production.
    result = start_django(DJANGO_ALLOWED_HOSTS="example.org")
    assert_refused(result, "DJANGO_SECRET_KEY")


def test_settings_without_debug_and_allowed_hosts_refuse_to_start():
    result = start_django(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s3cret-for-tests")
    assert_refused(result, "DJANGO_ALLOWED_HOSTS")


def test_settings_with_blank_allowed_hosts_refuse_to_start():
    result = start_django(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s3cret-for-tests", DJANGO_ALLOWED_HOSTS=" , ")
    assert_refused(result, "DJANGO_ALLOWED_HOSTS")


def test_settings_with_secret_key_and_allowed_hosts_start():
    result = start_django(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    shown = settings_with(**PRODUCTION)
    assert shown["DEBUG"] is False
    assert shown["SECRET_KEY"] == "s3cret-for-tests"
    assert shown["ALLOWED_HOSTS"] == ["example.org"]


def test_settings_allowed_hosts_split_on_commas():
    shown = settings_with(
        **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "accsm.example.org, www.example.org,,.gov.vn "}
    )
    assert shown["ALLOWED_HOSTS"] == ["accsm.example.org", "www.example.org", ".gov.vn"]


def test_settings_with_debug_start_without_secret_key_or_hosts():
    shown = settings_with(DJANGO_DEBUG="1")
    assert shown["DEBUG"] is True
    assert shown["SECRET_KEY"]
    assert "127.0.0.1" in shown["ALLOWED_HOSTS"]


def test_settings_without_database_url_use_sqlite_file():
    shown = settings_with(**PRODUCTION)
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["DATABASE_NAME"] == str(PROJECT_ROOT / "db.sqlite3")


def test_settings_database_url_picks_postgresql():
    shown = settings_with(**PRODUCTION, DATABASE_URL="postgres://accsm@db.example.org:5432/accsm_records")
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert shown["DATABASE_NAME"] == "accsm_records"


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_settings_debug_unknown_value_is_refused(value):
    result = start_django(**{**PRODUCTION, "DJANGO_DEBUG": value})
    assert_refused(result, "DJANGO_DEBUG", repr(value))


@pytest.mark.parametrize(
    ("value", "debug"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("off", False)],
)
def test_settings_debug_accepts_yes_no_spellings(value, debug):
    assert settings_with(**{**PRODUCTION, "DJANGO_DEBUG": value})["DEBUG"] is debug


def test_settings_without_redis_url_cache_in_local_memory():
    shown = settings_with(**PRODUCTION)
    assert shown["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_settings_redis_url_switches_cache_to_redis():
    shown = settings_with(**PRODUCTION, REDIS_URL="redis://cache.example.org:6379/1")
    assert shown["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["CACHE_LOCATION"] == "redis://cache.example.org:6379/1"


def test_settings_without_debug_redirect_to_https_unless_told_not_to():
    assert settings_with(**PRODUCTION)["SECURE_SSL_REDIRECT"] is True
    assert settings_with(**PRODUCTION, DJANGO_SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


def test_settings_with_debug_never_redirect_to_https():
    assert settings_with(DJANGO_DEBUG="1", DJANGO_SECURE_SSL_REDIRECT="1")["SECURE_SSL_REDIRECT"] is False


def test_settings_trust_the_forwarded_scheme_only_behind_a_proxy():
    assert settings_with(**PRODUCTION)["SECURE_PROXY_SSL_HEADER"] is None
    shown = settings_with(**PRODUCTION, DJANGO_BEHIND_PROXY="1")
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_settings_csrf_trusted_origins_split_on_commas():
    assert settings_with(**PRODUCTION)["CSRF_TRUSTED_ORIGINS"] == []
    shown = settings_with(
        **PRODUCTION, DJANGO_CSRF_TRUSTED_ORIGINS="https://records.example.org, https://staff.example.org,"
    )
    assert shown["CSRF_TRUSTED_ORIGINS"] == ["https://records.example.org", "https://staff.example.org"]


def test_settings_log_level_defaults_to_info_and_follows_the_variable():
    assert settings_with(**PRODUCTION)["LOG_LEVEL"] == "INFO"
    assert settings_with(**PRODUCTION, DJANGO_LOG_LEVEL="WARNING")["LOG_LEVEL"] == "WARNING"
