"""The ``woonkans`` command: Django's management commands for this project.

``woonkans migrate``, ``woonkans check``, ``woonkans create-organisation ...``. Commands
whose names use hyphens in the documentation (``create-organisation``) are the same as
their underscore spelling (``create_organisation``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "woonkans.conf.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
