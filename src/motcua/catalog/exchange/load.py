"""Writing a checked document into the catalogue, through the services, in one transaction.

The document has passed every check, so each service call is expected to succeed; should one
refuse all the same (another writer got in between), the whole import is rolled back and the
refusal reported like any other problem.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from motcua.catalog import records, services
from motcua.catalog.exchange.parse import strip
from motcua.catalog.models import Field, Procedure, ProcedureGroup
from motcua.organizations.models import Unit

# What an import reports it did, in the order a summary lists it.
LABELS = {
    "fields_created": _("fields created"),
    "fields_updated": _("fields updated"),
    "procedures_created": _("procedures created"),
    "procedures_updated": _("procedures updated"),
    "versions_created": _("versions created"),
    "drafts_updated": _("drafts updated"),
    "versions_published": _("versions published"),
    "versions_ended": _("versions ended"),
    "versions_unchanged": _("published versions unchanged"),
    "groups_created": _("groups created"),
    "groups_updated": _("groups updated"),
}


def summary(counts) -> str:
    """ "2 procedures created, 3 versions published" in the user's language."""
    return ", ".join(f"{counts[key]} {label}" for key, label in LABELS.items() if counts[key])


class Loader:
    def __init__(self, *, actor):
        self.actor = actor
        self.counts: Counter = Counter()
        self.fields: dict[str, Field] = {}
        self.units: dict[str, Unit] = {}

    def load(self, document: dict) -> Counter:
        document = strip(document)
        self.units = {u.code: u for u in Unit.objects.all()}
        self._fields(document["fields"])
        self.fields = {f.code: f for f in Field.objects.all()}
        for procedure in document["procedures"]:
            self._procedure(procedure)
        for group in document["groups"]:
            self._group(group)
        return self.counts

    def _fields(self, fields: list[dict]) -> None:
        stored = {f.code: f for f in Field.objects.all()}
        for item in fields:
            field = stored.get(item["code"])
            if field is None:
                services.create_field(actor=self.actor, code=item["code"], name=item["name"])
                self.counts["fields_created"] += 1
            elif field.name != item["name"]:
                services.update_field(actor=self.actor, field=field, name=item["name"])
                self.counts["fields_updated"] += 1

    def _procedure(self, item: dict) -> None:
        procedure = Procedure.objects.filter(code=item["code"]).first()
        stored, just_created = {}, set()
        if procedure is None:
            first, *_rest = sorted(item["versions"], key=lambda v: v["number"])
            version = services.create_procedure(
                actor=self.actor,
                code=item["code"],
                code_is_illustrative=item["code_is_illustrative"],
                number=first["number"],
                **self._version_data(first),
            )
            procedure = version.procedure
            just_created.add(version.number)
            stored[version.number] = version
            self.counts["procedures_created"] += 1
            self.counts["versions_created"] += 1
        else:
            if procedure.code_is_illustrative != item["code_is_illustrative"]:
                services.update_procedure(
                    actor=self.actor,
                    procedure=procedure,
                    code_is_illustrative=item["code_is_illustrative"],
                )
                self.counts["procedures_updated"] += 1
            stored = {v.number: v for v in procedure.versions.all()}
        versions = sorted(item["versions"], key=lambda v: v["number"])
        # Ends first: then every publication below finds the windows already as the file says.
        for version in versions:
            current = stored.get(version["number"])
            if current is not None and current.is_published:
                end = _date(version["valid_to"])
                if end != current.valid_to:
                    services.end_version(actor=self.actor, version=current, valid_to=end)
                    self.counts["versions_ended"] += 1
                else:
                    self.counts["versions_unchanged"] += 1
        for version in versions:
            current = stored.get(version["number"])
            if current is not None and current.is_published:
                continue
            if current is None:
                current = services.create_version(
                    actor=self.actor,
                    procedure=procedure,
                    number=version["number"],
                    **self._version_data(version),
                )
                self.counts["versions_created"] += 1
            elif current.number not in just_created and _differs(current, version):
                current = services.update_draft(
                    actor=self.actor, version=current, **self._version_data(version)
                )
                self.counts["drafts_updated"] += 1
            if version["status"] == "published":
                services.publish(
                    actor=self.actor,
                    version=current,
                    valid_from=_date(version["valid_from"]),
                    valid_to=_date(version["valid_to"]),
                )
                self.counts["versions_published"] += 1

    def _version_data(self, version: dict) -> dict:
        data = {key: version[key] for key in services.VERSION_FIELDS}
        data["field"] = self.fields[version["field"]]
        data["channels"] = [
            {
                **{k: channel[k] for k in records.CHANNEL_KEYS},
                "time_limit": Decimal(str(channel["time_limit"])),
                "fees": [dict(fee) for fee in channel["fees"]],
            }
            for channel in version["channels"]
        ]
        data["components"] = [dict(c) for c in version["components"]]
        data["results"] = [dict(r) for r in version["results"]]
        data["agencies"] = [{**a, "unit": self._unit(a["unit"])} for a in version["agencies"]]
        data["steps"] = [
            {
                **s,
                "performer_unit": self._unit(s["performer_unit"]),
                "allotted_hours": Decimal(str(s["allotted_hours"])),
            }
            for s in version["steps"]
        ]
        return data

    def _unit(self, code: str | None) -> Unit | None:
        return self.units[code] if code else None

    def _group(self, item: dict) -> None:
        members = [
            {
                "procedure": Procedure.objects.get(code=m["procedure"]),
                "order": m["order"],
                "agency_description": m["agency_description"],
                "unit": self._unit(m["unit"]),
            }
            for m in item["members"]
        ]
        fields = {key: item[key] for key in records.GROUP_KEYS}
        group = ProcedureGroup.objects.filter(code=item["code"]).first()
        if group is None:
            services.create_group(actor=self.actor, members=members, **fields)
            self.counts["groups_created"] += 1
        elif records.group_record(group) != {**fields, "members": item["members"]}:
            services.update_group(actor=self.actor, group=group, members=members, **fields)
            self.counts["groups_updated"] += 1


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _differs(stored, version: dict) -> bool:
    """Whether a stored draft says anything else than the file's version."""
    mine = records.content_of(records.version_record(stored))
    return mine != records.content_of(version)
