"""The rules an import must pass against the database, after every value has been parsed.

Known codes (fields, agencies, procedures of groups), the internal process of every version
(its structure always; for a published version also that it adds up), windows of validity that
never overlap, and published versions of the database left as they are. Every problem is
reported at the place of the item it is about.
"""

import datetime

from django.utils.translation import gettext as _

from motcua.catalog import records
from motcua.catalog.exchange.parse import AT, BAD, strip
from motcua.catalog.exchange.problems import Problems
from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.validation import (
    Window,
    allotment_problems,
    channel_problems,
    overlapping,
    process_problems,
    publication_problems,
    window_problems,
)
from motcua.organizations.models import Unit


class Existing:
    """What the database already holds that a file refers to, read once."""

    def __init__(self, document: dict):
        codes = {p["code"] for p in document["procedures"] if p.get("code")}
        self.field_codes = set(Field.objects.values_list("code", flat=True))
        self.unit_codes = set(Unit.objects.values_list("code", flat=True))
        self.procedure_codes = set(Procedure.objects.values_list("code", flat=True))
        self.versions: dict[tuple[str, int], ProcedureVersion] = {
            (v.procedure.code, v.number): v
            for v in records.versions_with_children().filter(procedure__code__in=codes)
        }


def check(document: dict, problems: Problems) -> None:
    existing = Existing(document)
    field_codes = existing.field_codes | {f["code"] for f in document["fields"] if f.get("code")}
    for procedure in document["procedures"]:
        for version in procedure["versions"]:
            _references(version, field_codes, existing.unit_codes, problems)
            _process(version, problems)
        if procedure.get("code"):
            _windows(procedure, existing, problems)
            _frozen(procedure, existing, problems)
    procedure_codes = existing.procedure_codes | {
        p["code"] for p in document["procedures"] if p.get("code")
    }
    for group in document["groups"]:
        _members(group, procedure_codes, existing.unit_codes, problems)


def _references(version: dict, field_codes, unit_codes, problems: Problems) -> None:
    if version.get("field") and version["field"] not in field_codes:
        problems.add(
            version[AT],
            "field",
            _("Unknown field code “%(code)s”: add it to the fields of the file.")
            % {"code": version["field"]},
            "unknown_field",
        )
    for key, items in (("unit", version["agencies"]), ("performer_unit", version["steps"])):
        for item in items:
            if item.get(key) and item[key] not in unit_codes:
                problems.add(
                    item[AT],
                    key,
                    _("Unknown agency code “%(code)s”.") % {"code": item[key]},
                    "unknown_agency",
                )


def _process(version: dict, problems: Problems) -> None:
    steps, channels = version["steps"], version["channels"]
    found = channel_problems(channels) + process_problems(steps)
    published = version.get("status") == VersionStatus.PUBLISHED
    if published:
        # "No channel" and "no process", told once each.
        found += [
            p
            for p in publication_problems(steps=[], channels=channels)
            if p.code in ("no_channel", "no_process") and (p.code != "no_process" or not steps)
        ]
        # The sum is checked whenever the values it depends on are sound, even if other
        # parts of the version are wrong, so that one import reports all there is to fix.
        summed = {"allotted_hours", "parallel_group", "time_limit", "time_unit", "channel"}
        sound = (
            steps
            and channels
            and not any(item[BAD] & summed for item in [*steps, *channels])
            and not any(p.field in summed for p in found)
        )
        if sound:
            found += allotment_problems(steps, channels)
    for problem in found:
        if problem.code == "process_does_not_add_up" or problem.row is None:
            problems.add(version[AT], problem.field, problem.message, problem.code)
            continue
        rows = channels if problem.field in ("channel", "time_limit", "time_unit") else steps
        item = rows[problem.row]
        if problem.field in item[BAD]:
            continue  # already told: the value itself was refused
        problems.add(item[AT], problem.field, problem.message, problem.code)
    if published and not version.get("valid_from") and "valid_from" not in version[BAD]:
        problems.add(
            version[AT],
            "valid_from",
            _("A published version needs the date it comes into force."),
            "required",
        )


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _windows(procedure: dict, existing: Existing, problems: Problems) -> None:
    """At most one published version in force on any day, once the file is in."""
    windows, places = [], {}
    in_file = set()
    for version in procedure["versions"]:
        in_file.add(version.get("number"))
        if version.get("status") != VersionStatus.PUBLISHED or not version.get("valid_from"):
            continue
        window = Window(
            str(version["number"]), _date(version["valid_from"]), _date(version.get("valid_to"))
        )
        bad_window = window_problems(window)
        for problem in bad_window:
            problems.add(version[AT], problem.field, problem.message, problem.code)
        if not bad_window:
            windows.append(window)
            places[window.label] = version[AT]
    for (code, number), stored in existing.versions.items():
        if code == procedure["code"] and number not in in_file and stored.is_published:
            windows.append(Window(str(number), stored.valid_from, stored.valid_to))
    for first, second in overlapping(windows):
        later = second if second.label in places else first
        other = first if later is second else second
        problems.add(
            places[later.label],
            "valid_from",
            _(
                "Versions %(first)s and %(second)s of %(code)s would both be in force on "
                "%(day)s: end version %(first)s (valid_to) before version %(second)s starts."
            )
            % {
                "first": other.label,
                "second": later.label,
                "code": procedure["code"],
                "day": max(first.valid_from, second.valid_from).strftime("%d/%m/%Y"),
            },
            "overlapping_versions",
        )


def _frozen(procedure: dict, existing: Existing, problems: Problems) -> None:
    """A published version of the database may only be given an end, never other content."""
    for version in procedure["versions"]:
        stored = existing.versions.get((procedure["code"], version.get("number")))
        if stored is None or not stored.is_published or version[BAD]:
            continue
        mine = strip(version)
        theirs = records.version_record(stored)
        changed = [
            key
            for key in records.VERSION_KEYS
            if key != "valid_to" and mine.get(key) != theirs.get(key)
        ]
        changed += [
            key
            for key in ("channels", "components", "results", "agencies", "steps")
            if records.content_of(mine)[key] != records.content_of(theirs)[key]
        ]
        end, stored_end = _date(mine.get("valid_to")), stored.valid_to
        if stored_end is not None and (end is None or end > stored_end):
            changed.append("valid_to")
        if changed:
            next_number = max(n for (c, n) in existing.versions if c == procedure["code"]) + 1
            problems.add(
                version[AT],
                changed[0],
                _(
                    "Version %(number)s of %(code)s is published and cannot be changed (it differs "
                    "in: %(keys)s). Publish a new version instead, e.g. number %(next)s."
                )
                % {
                    "number": version["number"],
                    "code": procedure["code"],
                    "keys": ", ".join(changed),
                    "next": next_number,
                },
                "published_version_is_frozen",
            )


def _members(group: dict, procedure_codes, unit_codes, problems: Problems) -> None:
    seen, orders = set(), set()
    for member in group["members"]:
        code = member.get("procedure")
        if code and code not in procedure_codes:
            problems.add(
                member[AT],
                "procedure",
                _("Unknown procedure “%(code)s”: it is neither in the file nor in the catalogue.")
                % {"code": code},
                "unknown_procedure",
            )
        if code and code in seen:
            problems.add(
                member[AT],
                "procedure",
                _("Procedure %(code)s is in the group twice.") % {"code": code},
                "duplicate_member",
            )
        if member.get("order") is not None and member["order"] in orders:
            problems.add(
                member[AT],
                "order",
                _("Two procedures of the group have the order %(order)s.")
                % {"order": member["order"]},
                "duplicate_order",
            )
        if member.get("unit") and member["unit"] not in unit_codes:
            problems.add(
                member[AT],
                "unit",
                _("Unknown agency code “%(code)s”.") % {"code": member["unit"]},
                "unknown_agency",
            )
        seen.add(code)
        orders.add(member.get("order"))
