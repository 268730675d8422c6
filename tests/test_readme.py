"""The README's commands work as written: in a plain shell (no DJANGO_DEBUG set), against the Makefile
as it is, and its production example configures a site that staff can sign in to over HTTPS."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def plain_environment(**variables):
    """A shell's environment without any of the project's settings, plus ``variables``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "STAFF_PASSWORD"))
    }
    return env | variables


def shell_commands():
    """Every command the README shows: lines of its code blocks (without comments) and inline code."""
    commands = []
    in_block = False
    for line in README.splitlines():
        if line.strip().startswith("```"):
            in_block = not in_block
        elif in_block:
            command = re.split(r"\s#\s", line.strip(), maxsplit=1)[0].strip()
            if command:
                commands.append(command)
        else:
            commands.extend(re.findall(r"`([^`]+)`", line))
    return commands


def code_block_after(heading):
    """The first code block after ``heading``."""
    section = README.split(heading, 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_readme_manage_py_commands_say_whether_debug_is_on():
    # settings.py refuses to start without a secret key unless DJANGO_DEBUG is set: a command
    # copied from the README into a plain shell ended in a traceback.
    without = [
        command
        for command in shell_commands()
        if "manage.py " in command
        and not re.search(r"(^|\s)DJANGO_DEBUG=[01] (\S+=\S+ )*\.venv/bin/python manage\.py ", command)
    ]
    assert without == []


def test_readme_make_commands_are_makefile_targets():
    for command in shell_commands():
        words = shlex.split(command) if re.match(r"(\w+=\S* )*make \w", command) else []
        if not words:
            continue
        arguments = words[words.index("make") + 1 :]
        result = subprocess.run(
            ["make", "--dry-run", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"{command}: {result.stderr}"


def test_make_staff_makes_a_staff_account_from_a_plain_shell(tmp_path):
    env = plain_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'staff.sqlite3'}", STAFF_PASSWORD="a long enough password 1"
    )
    result = subprocess.run(
        ["make", "staff", "NAME=ana", "ROLE=editor"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ana is a staff member in Editors." in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("arguments", [["ROLE=editor"], ["NAME=ana"]], ids=["no name", "no role"])
def test_make_staff_without_a_name_or_a_role_says_how_to_call_it(arguments):
    # NAME set in the environment, as some systems do, is not taken for the account's name.
    env = plain_environment(DATABASE_URL="sqlite:///never-made.sqlite3", NAME="the-host-name")
    result = subprocess.run(
        ["make", "--assume-old=migrate", "staff", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Usage: make staff NAME=ana ROLE=editor|publisher" in result.stdout


def test_production_example_trusts_the_sites_https_origin_for_sign_in():
    # Behind a proxy that does not pass the scheme on, Django sees plain HTTP while the sign-in form is
    # posted from an https:// page: without the origin trusted, signing in is a CSRF 403.
    variables = {}
    for line in code_block_after("## Running in production").splitlines():
        if line.startswith("export "):
            variables |= dict(word.split("=", 1) for word in shlex.split(line)[1:])
    script = "from django.conf import settings as s; print(*s.ALLOWED_HOSTS); print(*s.CSRF_TRUSTED_ORIGINS)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=plain_environment(DJANGO_SETTINGS_MODULE="accsm.settings", **variables),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    hosts, trusted = (line.split() for line in result.stdout.splitlines())
    assert hosts and trusted == [f"https://{host}" for host in hosts]
