"""The exchange document as an .xlsx workbook: one sheet per kind of row.

Agencies keep their catalogue in Excel, so a workbook carries exactly what the JSON carries.
Rows of the child sheets are keyed by the procedure code and version number (`procedure`,
`version`; fees also by `channel`; group members by `group`); JSON values (the online form,
the allowed file types) are JSON text in their cell; dates are written as YYYY-MM-DD text.
"""

import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from motcua.catalog import records
from motcua.catalog.exchange.parse import AT
from motcua.catalog.exchange.problems import ImportProblem, ImportRefused, Problems, Row
from motcua.catalog.exchange.values import CONTROL_CHARACTERS, Bad, Text, Whole

KEYED = ("procedure", "version")
SHEETS = {
    "fields": ("code", "name"),
    "versions": ("procedure", "code_is_illustrative", *records.VERSION_KEYS),
    "channels": (*KEYED, *records.CHANNEL_KEYS),
    "fees": (*KEYED, "channel", *records.FEE_KEYS),
    "components": (*KEYED, *records.COMPONENT_KEYS),
    "results": (*KEYED, *records.RESULT_KEYS),
    "agencies": (*KEYED, *records.AGENCY_KEYS),
    "steps": (*KEYED, *records.STEP_KEYS),
    "groups": records.GROUP_KEYS,
    "group_members": ("group", *records.MEMBER_KEYS),
}
JSON_KEYS = {"online_form_schema", "allowed_file_types"}
VERSION_LISTS = ("channels", "components", "results", "agencies", "steps")


# --- writing -----------------------------------------------------------------------------------


def _rows(document: dict):
    """(sheet, row values by key) for every row of the document."""
    for field in document["fields"]:
        yield "fields", field
    for procedure in document["procedures"]:
        code = procedure["code"]
        for version in procedure["versions"]:
            key = {"procedure": code, "version": version["number"]}
            yield (
                "versions",
                {
                    "procedure": code,
                    "code_is_illustrative": procedure["code_is_illustrative"],
                    **version,
                },
            )
            for channel in version["channels"]:
                yield "channels", {**key, **channel}
                for fee in channel["fees"]:
                    yield "fees", {**key, "channel": channel["channel"], **fee}
            for sheet in ("components", "results", "agencies", "steps"):
                for item in version[sheet]:
                    yield sheet, {**key, **item}
    for group in document["groups"]:
        yield "groups", group
        for member in group["members"]:
            yield "group_members", {"group": group["code"], **member}


def _cell_value(key: str, value):
    if key in JSON_KEYS:
        return json.dumps(value, ensure_ascii=False)
    if value == "":
        return None
    if isinstance(value, str):
        # Text pasted from a word processor may hold a control character (a vertical tab for
        # a line break); a workbook cannot, so it becomes a space. JSON keeps it as it is.
        return CONTROL_CHARACTERS.sub(" ", value)
    return value


def dumps(document: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {}
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheets[name] = sheet
    for name, values in _rows(document):
        sheet = sheets[name]
        sheet.append([_cell_value(key, values.get(key)) for key in SHEETS[name]])
        for cell in sheet[sheet.max_row]:
            # Text that starts with "=" is text, not a formula to be run by Excel.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for sheet in sheets.values():
        for index, column in enumerate(sheet.iter_cols(max_row=min(sheet.max_row, 200)), 1):
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------


def _sheet_rows(workbook, problems: Problems):
    """{sheet name: [row dict with its place]} for the known sheets; unknown sheets reported."""
    found = {}
    for sheet in workbook.worksheets:
        if sheet.title not in SHEETS:
            problems.add(
                Row(sheet.title, 1),
                "",
                _("Unknown sheet: expected %(names)s.") % {"names": ", ".join(SHEETS)},
                "unknown_sheet",
            )
            continue
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        keys = [str(value).strip() if value is not None else "" for value in header]
        letters = {key: get_column_letter(i) for i, key in enumerate(keys, 1) if key}
        items = []
        for number, values in enumerate(rows, 2):
            if values is None or all(v is None or v == "" for v in values):
                continue
            place = Row(sheet.title, number, letters)
            item = {AT: place}
            for index, value in enumerate(values):
                key = keys[index] if index < len(keys) else ""
                if not key:
                    if value not in (None, ""):
                        problems.add(
                            place,
                            "",
                            _("A value in column %(letter)s, which has no header.")
                            % {"letter": get_column_letter(index + 1)},
                            "unknown_key",
                        )
                    continue
                item[key] = value
            items.append(item)
        found[sheet.title] = items
    return found


def _take(item: dict, key: str, kind, problems: Problems):
    """Remove a linking key from a row and clean it; None (and a problem) when it is bad."""
    try:
        return kind.clean(item.pop(key, None), True)
    except Bad as bad:
        problems.add(item[AT], key, bad.message, bad.code)
        return None


def _assemble(sheets: dict, problems: Problems) -> dict:
    code_kind, number_kind = Text(required=True, blank=False), Whole(minimum=1, required=True)
    procedures: dict[str, dict] = {}
    versions: dict[tuple, dict] = {}
    for item in sheets.get("versions", []):
        code = _take(item, "procedure", code_kind, problems)
        illustrative = item.pop("code_is_illustrative", None)
        if code is None:
            continue
        procedure = procedures.setdefault(
            code, {AT: item[AT], "code": code, "code_is_illustrative": illustrative, "versions": []}
        )
        if illustrative != procedure["code_is_illustrative"]:
            problems.add(
                item[AT],
                "code_is_illustrative",
                _("Differs from the first row of procedure %(code)s.") % {"code": code},
                "inconsistent",
            )
        for key in VERSION_LISTS:
            item[key] = []
        procedure["versions"].append(item)
        try:
            number = number_kind.clean(item.get("number"), True)
        except Bad:
            continue  # the parser tells what is wrong with it
        versions.setdefault((code, number), item)

    def owner(item):
        code = _take(item, "procedure", code_kind, problems)
        number = _take(item, "version", number_kind, problems)
        if code is None or number is None:
            return None
        version = versions.get((code, number))
        if version is None:
            problems.add(
                item[AT],
                "version",
                _("No version %(number)s of procedure %(code)s in the sheet “versions”.")
                % {"number": number, "code": code},
                "unknown_version",
            )
        return version

    channels: dict[tuple, dict] = {}
    for item in sheets.get("channels", []):
        version = owner(item)
        if version is not None:
            item["fees"] = []
            version["channels"].append(item)
            channels.setdefault((id(version), item.get("channel")), item)
    for item in sheets.get("fees", []):
        version = owner(item)
        name = item.pop("channel", None)
        if version is None:
            continue
        channel = channels.get((id(version), name))
        if channel is None:
            problems.add(
                item[AT],
                "channel",
                _("No channel “%(channel)s” for this version in the sheet “channels”.")
                % {"channel": name},
                "unknown_channel",
            )
            continue
        channel["fees"].append(item)
    for sheet in ("components", "results", "agencies", "steps"):
        for item in sheets.get(sheet, []):
            version = owner(item)
            if version is not None:
                version[sheet].append(item)
    groups: dict[str, dict] = {}
    for item in sheets.get("groups", []):
        item["members"] = []
        groups.setdefault(str(item.get("code")), item)
    for item in sheets.get("group_members", []):
        code = _take(item, "group", code_kind, problems)
        if code is None:
            continue
        group = groups.get(code)
        if group is None:
            problems.add(
                item[AT],
                "group",
                _("No group %(code)s in the sheet “groups”.") % {"code": code},
                "unknown_group",
            )
            continue
        group["members"].append(item)
    return {
        "format": records.FORMAT_NAME,
        "format_version": records.FORMAT_VERSION,
        "fields": sheets.get("fields", []),
        "procedures": list(procedures.values()),
        "groups": list(groups.values()),
    }


def loads(data: bytes, problems: Problems) -> dict:
    """The raw document of a workbook; problems of its layout are added to `problems`."""
    if not data.strip():
        raise ImportRefused([ImportProblem(_("the file"), "", _("The file is empty."), "empty")])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = _sheet_rows(workbook, problems)
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused(
            [ImportProblem(_("the file"), "", _("The file is not an .xlsx workbook."), "not_xlsx")]
        ) from None
    return _assemble(sheets, problems)
