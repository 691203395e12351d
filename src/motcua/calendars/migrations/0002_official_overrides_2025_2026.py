"""Load the official 2025-2026 corrections as override rows, so administrators see them, with
their legal references, beside their own, and can withdraw one if a decision changes."""

from django.db import migrations

from motcua.worktime import OFFICIAL_OVERRIDES_2025_2026


def load(apps, schema_editor):
    CalendarOverride = apps.get_model("calendars", "CalendarOverride")
    for item in OFFICIAL_OVERRIDES_2025_2026:
        CalendarOverride.objects.get_or_create(
            date=item.date,
            withdrawn_at=None,
            defaults={
                "kind": item.kind,
                "reason": item.reason,
                "reason_en": item.reason_en,
                "legal_reference": item.legal_reference,
                "note": item.note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
