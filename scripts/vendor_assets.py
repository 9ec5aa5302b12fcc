"""Copy the front-end packages installed by npm into ``var/vendor-static``.

The app serves these files itself (no CDN). Run by ``make assets`` after ``npm ci``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
TARGET = ROOT / "var" / "vendor-static" / "vendor"

FILES = {
    "@utrecht/component-library-css/dist/index.css": "utrecht/component-library.css",
    "@utrecht/design-tokens/dist/index.css": "utrecht/design-tokens.css",
    "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
    "axe-core/axe.min.js": "axe-core/axe.min.js",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE / src).exists()]
    if missing:
        print("Missing front-end packages; run 'npm ci' first:", *missing, sep="\n  ")
        return 1
    for src, dest in FILES.items():
        target = TARGET / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    print(f"Copied {len(FILES)} front-end files to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
