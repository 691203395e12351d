"""Which template prints a form: the most specific active override, else the built-in one."""

from django.db.models import Q

from motcua.printing.models import FormTemplate


def override_for(form: str, *, unit=None, field=None, procedure=None) -> FormTemplate | None:
    """Procedure beats field beats unit; an override names only what it is for, and every
    part it names must match (an override for unit A and procedure P serves neither unit B
    nor procedure Q). Among equals, the latest upload wins."""
    unit_id = getattr(unit, "pk", None)
    field_id = getattr(field, "pk", None)
    procedure_id = getattr(procedure, "pk", None)
    candidates = FormTemplate.objects.filter(form=form, active=True).filter(
        Q(unit__isnull=True) | Q(unit_id=unit_id),
        Q(field__isnull=True) | Q(field_id=field_id),
        Q(procedure__isnull=True) | Q(procedure_id=procedure_id),
    )

    def specificity(template: FormTemplate):
        return (
            template.procedure_id is not None,
            template.field_id is not None,
            template.unit_id is not None,
            template.uploaded_at,
            template.pk,
        )

    return max(candidates, key=specificity, default=None)
