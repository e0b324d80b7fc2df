"""French is complete: every app's catalog has every message translated, none fuzzy, and the
placeholders of each translation match its English original."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import fabdesk

CATALOGS = sorted(Path(fabdesk.__file__).parent.glob("*/locale/fr/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def test_every_app_with_strings_has_a_french_catalog():
    apps = {path.parts[-5] for path in CATALOGS}
    assert {"core", "members", "accounts", "notifications", "tokens"} <= apps
    assert {"equipment", "incidents", "maintenance", "training"} <= apps


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_is_complete(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {originals[0]!r}")
        elif not all(translations):
            problems.append(f"untranslated: {originals[0]!r}")
        elif set(PLACEHOLDER.findall(originals[-1])) != set(PLACEHOLDER.findall(translations[-1])):
            problems.append(f"placeholders differ: {originals[0]!r}")
    assert problems == []
