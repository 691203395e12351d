"""Calling a dossier service from a page: the refusal becomes messages for the form.

Services refuse with Django's ValidationError (bad input or wrong state, per field when they
can) or PermissionDenied (not allowed). A page shows both in the user's language next to the
form, and nothing has changed: the service's transaction did not commit.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError


@dataclass
class Outcome:
    result: object = None
    errors: list[str] = field(default_factory=list)
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    forbidden: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.field_errors and not self.forbidden

    @property
    def all_messages(self) -> list[str]:
        messages = list(self.errors)
        for texts in self.field_errors.values():
            messages.extend(texts)
        return messages


def attempt(service, /, **kwargs) -> Outcome:
    """Run `service(**kwargs)`; its refusal, if any, as an Outcome instead of an exception."""
    try:
        return Outcome(result=service(**kwargs))
    except PermissionDenied as refusal:
        return Outcome(errors=[str(refusal)], forbidden=True)
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            fields = refusal.message_dict
            general = fields.pop("__all__", [])
            return Outcome(errors=list(general), field_errors=fields)
        return Outcome(errors=list(refusal.messages))


def add_to_form(form, outcome: Outcome) -> None:
    """Put a service's refusal on a Django form: per field where the form has that field,
    otherwise as a message for the whole form."""
    for name, texts in outcome.field_errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)
    for text in outcome.errors:
        form.add_error(None, text)
