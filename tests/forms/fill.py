"""Fills a fillable PDF form the way a PDF reader does (pypdf), from a JSON file of answers.

Usage: python3 fill.py FORM.pdf ANSWERS.json FILLED.pdf [FIELDS.json]

ANSWERS maps a field's fully qualified name to its value: text for a text field, `true` for a
check box, the chosen value (`oui`, an option id) for a radio group. With FIELDS, the form's fields
as pypdf lists them (name, type, tooltip) are written there, for the test to check.
"""
import json
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

form, answers_path, filled = sys.argv[1:4]
answers = json.load(open(answers_path, encoding="utf-8"))
reader = PdfReader(form)
fields = reader.get_fields() or {}
if len(sys.argv) > 4:
    listing = {
        name: {"type": str(f.get("/FT", "")), "tooltip": str(f.get("/TU", "")), "states": [str(s) for s in f.get("/_States_", [])]}
        for name, f in fields.items()
        if f.get("/FT") is not None
    }
    json.dump(listing, open(sys.argv[4], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
missing = [name for name in answers if name not in fields]
if missing:
    sys.exit(f"no such fields: {missing}")
writer = PdfWriter(clone_from=reader)
texts = {}
for name, value in answers.items():
    kind = fields[name].get("/FT")
    if kind == "/Tx":
        texts[name] = str(value)
for page in writer.pages:
    for annot in page.get("/Annots", []) or []:
        annot = annot.get_object()
        parent = annot.get("/Parent")
        field = annot if "/T" in annot else parent.get_object()
        # The fully qualified name, from the widget up.
        parts, node = [], field
        while node is not None:
            if "/T" in node:
                parts.append(str(node["/T"]))
            node = node.get("/Parent").get_object() if "/Parent" in node else None
        name = ".".join(reversed(parts))
        if name not in answers or fields[name].get("/FT") != "/Btn":
            continue
        value = answers[name]
        states = [str(k) for k in annot["/AP"]["/N"].keys() if str(k) != "/Off"]
        on = states[0]
        chosen = (value is True and on == "/Yes") or (isinstance(value, str) and on == "/" + value)
        annot[NameObject("/AS")] = NameObject(on if chosen else "/Off")
        if chosen:
            field[NameObject("/V")] = NameObject(on)
for page in writer.pages:
    writer.update_page_form_field_values(page, {k: v for k, v in texts.items()}, auto_regenerate=False)
writer.write(filled)
