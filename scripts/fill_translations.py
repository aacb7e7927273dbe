"""Fill the msgstr of the .po catalogues from src/greencluster/web/locale/ui_translations.py.

    python scripts/fill_translations.py     (run by `make messages` after makemessages)
Messages with no entry stay empty (English is shown) and are listed.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "src/greencluster/web/locale"


def _module(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.parent.name + "_translations", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def load_table() -> tuple[tuple[str, ...], dict[str, tuple]]:
    """The shared table plus each web app's own ``<app>/translations.py`` (same format)."""
    main = _module(LOCALE / "ui_translations.py")
    table = dict(main.T)
    for path in sorted(LOCALE.parent.glob("*/translations.py")):
        table.update(_module(path).T)
    return main.LANGS, table


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def header(block: str, lang: str) -> str:
    replacements = {
        '"Project-Id-Version: PACKAGE VERSION\\n"': '"Project-Id-Version: GreenCluster\\n"',
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"': '"PO-Revision-Date: 2026-11-26\\n"',
        '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"': '"Last-Translator: GreenCluster\\n"',
        '"Language-Team: LANGUAGE <LL@li.org>\\n"': '"Language-Team: GreenCluster\\n"',
        '"Language: \\n"': f'"Language: {lang}\\n"',
    }
    lines = [line for line in block.splitlines() if line != "#, fuzzy"]
    return "\n".join(replacements.get(line, line) for line in lines)


def fill(po: Path, index: int, table: dict[str, tuple]) -> list[str]:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.splitlines()
        entry: dict[str, str] = {}
        key = None
        comments = []
        for line in lines:
            if line.startswith("#"):
                comments.append(line)
                continue
            if line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
                continue
            word, _, rest = line.partition(" ")
            key = word
            entry[key] = ast.literal_eval(rest) if rest else ""
        msgid = entry.get("msgid")
        if msgid == "" and "msgstr" in entry:
            out.append(header(block, po.parent.parent.name))
            continue
        if not msgid:
            out.append(block)
            continue
        comments = [c for c in comments if "fuzzy" not in c and not c.startswith("#|")]
        value = table.get(msgid)
        text = [*comments, f"msgid {quote(msgid)}"]
        if "msgid_plural" in entry:
            text.append(f"msgid_plural {quote(entry['msgid_plural'])}")
            forms = value[index] if value else ("", "")
            text += [f"msgstr[0] {quote(forms[0])}", f"msgstr[1] {quote(forms[1])}"]
        else:
            text.append(f"msgstr {quote(value[index] if value else '')}")
        if value is None:
            missing.append(msgid)
        out.append("\n".join(text))
    po.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return missing


def main() -> None:
    langs, table = load_table()
    for index, lang in enumerate(langs):
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        missing = fill(po, index, table)
        print(f"{lang}: {len(missing)} messages without a translation")


if __name__ == "__main__":
    main()
