"""Run code against the production settings module in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys


def run_with_production_settings(code: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` with ``woonkans.conf.settings`` and only the environment given (no
    WOONKANS_DEMO or DATABASE_URL from the tests)."""
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "woonkans.conf.settings",
        "WOONKANS_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
