"""From a raw document (read from JSON or a workbook) to a clean one, or the list of problems.

The clean document has the shape of the exchange format with every value checked and in its
normal form (the form `records` writes), so a published version of a file can be compared with
the database, and the loader can trust every value. Each clean item keeps its place (`AT`) and
the keys that were bad (`BAD`), so that later checks report where, and skip what already failed.
"""

from django.utils.translation import gettext as _

from motcua.catalog import records
from motcua.catalog.exchange.problems import Place, Problems
from motcua.catalog.exchange.values import (
    Amount,
    Bad,
    Choice,
    Code,
    Day,
    FileTypes,
    Flag,
    JsonObject,
    Text,
    Whole,
)
from motcua.catalog.models import (
    AgencyAssignment,
    AgencyRole,
    Channel,
    Component,
    Fee,
    FeeKind,
    Field,
    GroupMember,
    Level,
    OnlineLevel,
    PerformerKind,
    Procedure,
    ProcedureGroup,
    ProcedureVersion,
    ProcessStep,
    Result,
    StepAction,
    TimeUnit,
    VersionStatus,
)
from motcua.organizations.models import Role, UnitLevel

AT = "__at__"  # where the item was read (a Place or a workbook Row)
BAD = "__bad__"  # the keys whose values were refused


def _text(model, name, **kwargs):
    return Text(max_length=model._meta.get_field(name).max_length, **kwargs)


FIELD = {
    "code": _text(Field, "code", required=True, blank=False),
    "name": _text(Field, "name", required=True, blank=False),
}
PROCEDURE = {
    "code": _text(Procedure, "code", required=True, blank=False),
    "code_is_illustrative": Flag(default=False),
}
VERSION = {
    "number": Whole(minimum=1, maximum=2**31 - 1, required=True),
    "status": Choice(VersionStatus.values, required=True),
    "valid_from": Day(),
    "valid_to": Day(),
    "name": _text(ProcedureVersion, "name", required=True, blank=False),
    "field": Text(required=True, blank=False),
    "level": Choice(Level.values, required=True),
    "for_citizens": Flag(default=True),
    "for_organisations": Flag(default=False),
    "publishing_decision": _text(ProcedureVersion, "publishing_decision"),
    "legal_basis": Text(),
    "conditions": Text(),
    "steps_description": Text(),
    "boundary_free": Flag(default=True),
    "online_level": Choice(OnlineLevel.values, default=OnlineLevel.NONE),
    "online_form_schema": JsonObject(),
}
CHANNEL = {
    "channel": Choice(Channel.values, required=True),
    "time_limit": Amount(required=True),
    "time_unit": Choice(TimeUnit.values, required=True),
    "description": Text(),
}
FEE = {
    "code": _text(Fee, "code"),
    "name": _text(Fee, "name", required=True, blank=False),
    "kind": Choice(FeeKind.values, required=True),
    "amount_vnd": Whole(required=True, maximum=2**63 - 1),
    "description": _text(Fee, "description"),
}
COMPONENT = {
    "case": _text(Component, "case"),
    "order": Whole(default=0, maximum=2**31 - 1),
    "code": _text(Component, "code"),
    "name": _text(Component, "name", required=True, blank=False),
    "originals": Whole(default=1, maximum=32767),
    "copies": Whole(default=0, maximum=32767),
    "required": Flag(default=True),
    "condition": _text(Component, "condition"),
    "document_type": _text(Component, "document_type"),
    "must_digitise": Flag(default=True),
    "allowed_file_types": FileTypes(),
    "max_file_mb": Whole(default=20, minimum=1, maximum=32767),
    "form_template": _text(Component, "form_template"),
}
RESULT = {
    "code": _text(Result, "code"),
    "name": _text(Result, "name", required=True, blank=False),
    "document_type": _text(Result, "document_type"),
    "validity_months": Whole(nullable=True, maximum=2**31 - 1),
}
AGENCY = {
    "role": Choice(AgencyRole.values, required=True),
    "unit": Code(),
    "unit_level": Choice(UnitLevel.values, blank=True),
    "description": _text(AgencyAssignment, "description", required=True, blank=False),
}
STEP = {
    "order": Whole(minimum=1, maximum=2**31 - 1, required=True),
    "name": _text(ProcessStep, "name", required=True, blank=False),
    "action": Choice(StepAction.values, required=True),
    "performer_kind": Choice(PerformerKind.values, required=True),
    "performer_unit": Code(),
    "performer_role": Choice(Role.values, blank=True),
    "allotted_hours": Amount(required=True),
    "parallel_group": _text(ProcessStep, "parallel_group"),
    "is_lead": Flag(default=False),
}
GROUP = {
    "code": _text(ProcedureGroup, "code", required=True, blank=False),
    "name": _text(ProcedureGroup, "name", required=True, blank=False),
    "description": Text(),
    "legal_basis": Text(),
}
MEMBER = {
    "procedure": Text(required=True, blank=False),
    "order": Whole(minimum=1, maximum=2**31 - 1, required=True),
    "agency_description": _text(GroupMember, "agency_description", required=True, blank=False),
    "unit": Code(),
}


class Parser:
    def __init__(self, *, lenient: bool, problems: Problems):
        self.lenient = lenient
        self.problems = problems

    def document(self, raw) -> dict:
        root = Place("")
        if not isinstance(raw, dict):
            self.problems.add(
                root, "", _("Expected a catalogue document (an object)."), "wrong_type"
            )
            return {"fields": [], "procedures": [], "groups": []}
        if raw.get("format") != records.FORMAT_NAME:
            self.problems.add(
                root,
                "format",
                _("Expected “%(name)s”.") % {"name": records.FORMAT_NAME},
                "wrong_format",
            )
        if raw.get("format_version") != records.FORMAT_VERSION:
            self.problems.add(
                root,
                "format_version",
                _("This version of motcua reads format version %(version)s.")
                % {"version": records.FORMAT_VERSION},
                "wrong_format_version",
            )
        self._unknown(raw, {"format", "format_version", "fields", "procedures", "groups"}, root)
        clean = {
            "fields": [self.item(i, FIELD, p) for i, p in self.items(raw, "fields", root)],
            "procedures": [self.procedure(i, p) for i, p in self.items(raw, "procedures", root)],
            "groups": [self.group(i, p) for i, p in self.items(raw, "groups", root)],
        }
        self._duplicates(clean["fields"], "code", _("Field %(key)s is given twice."))
        self._duplicates(clean["procedures"], "code", _("Procedure %(key)s is given twice."))
        self._duplicates(clean["groups"], "code", _("Group %(key)s is given twice."))
        return clean

    def items(self, raw: dict, key: str, place) -> list:
        """(item, place) for each element of the list `raw[key]` (absent or null: none)."""
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(place, key, _("Expected a list."), "wrong_type")
            return []
        return [
            (item, item[AT] if isinstance(item, dict) and AT in item else place.child(key, i))
            for i, item in enumerate(value)
        ]

    def item(self, raw, spec: dict, place, lists: tuple = ()) -> dict:
        clean = {AT: place, BAD: set()}
        if not isinstance(raw, dict):
            self.problems.add(place, "", _("Expected an object."), "wrong_type")
            clean[BAD].update(spec)
            return clean
        self._unknown(raw, set(spec) | set(lists), place)
        for key, kind in spec.items():
            try:
                if key not in raw:
                    if kind.required:
                        raise Bad("required", _("This field is required."))
                    clean[key] = kind.empty()
                else:
                    clean[key] = kind.clean(raw[key], self.lenient)
            except Bad as bad:
                self.problems.add(place, key, bad.message, bad.code)
                clean[key] = None
                clean[BAD].add(key)
        return clean

    def procedure(self, raw, place) -> dict:
        clean = self.item(raw, PROCEDURE, place, lists=("versions",))
        clean["versions"] = []
        if isinstance(raw, dict):
            found = self.items(raw, "versions", place)
            clean["versions"] = [self.version(item, where) for item, where in found]
            if not found and "versions" not in clean[BAD]:
                self.problems.add(
                    place, "versions", _("A procedure needs at least one version."), "no_version"
                )
            self._duplicates(clean["versions"], "number", _("Version %(key)s is given twice."))
        return clean

    def version(self, raw, place) -> dict:
        lists = ("channels", "components", "results", "agencies", "steps")
        clean = self.item(raw, VERSION, place, lists=lists)
        if not isinstance(raw, dict):
            return {**clean, **{key: [] for key in lists}}
        clean["channels"] = []
        for item, where in self.items(raw, "channels", place):
            channel = self.item(item, CHANNEL, where, lists=("fees",))
            channel["fees"] = [
                self.item(fee, FEE, fee_place)
                for fee, fee_place in (
                    self.items(item, "fees", where) if isinstance(item, dict) else []
                )
            ]
            clean["channels"].append(channel)
        for key, spec in (
            ("components", COMPONENT),
            ("results", RESULT),
            ("agencies", AGENCY),
            ("steps", STEP),
        ):
            clean[key] = [self.item(i, spec, where) for i, where in self.items(raw, key, place)]
        return clean

    def group(self, raw, place) -> dict:
        clean = self.item(raw, GROUP, place, lists=("members",))
        clean["members"] = []
        if isinstance(raw, dict):
            clean["members"] = [
                self.item(i, MEMBER, where) for i, where in self.items(raw, "members", place)
            ]
        return clean

    def _unknown(self, raw: dict, known: set, place) -> None:
        for key in raw:
            if key not in known and key != AT:
                self.problems.add(
                    place, str(key), _("Unknown key: check its spelling."), "unknown_key"
                )

    def _duplicates(self, items: list, key: str, message: str) -> None:
        seen = set()
        for item in items:
            value = item.get(key)
            if value is None:
                continue
            if value in seen:
                self.problems.add(item[AT], key, message % {"key": value}, "duplicate")
            seen.add(value)


def strip(item):
    """A clean item without its bookkeeping keys, recursively."""
    if isinstance(item, dict):
        return {k: strip(v) for k, v in item.items() if k not in (AT, BAD)}
    if isinstance(item, list):
        return [strip(v) for v in item]
    return item
