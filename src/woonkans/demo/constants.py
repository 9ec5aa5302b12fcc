"""Shared facts about the demo set (fictional data only)."""

# Every demo user has this password. The demo runs only on 127.0.0.1.
DEMO_PASSWORD = "woonkans-demo-2026"  # noqa: S105 - demo-only, documented in the README

# Timeline kind of the case notes that tell each pilot household's story.
NOTE_KIND = "demo.note"
