"""The adapters this instance delivers to, built once from NOTIFICATION_ADAPTERS.

Each process builds the registry on first use and keeps it; a settings change (tests) drops
it. An entry is a dotted path or a class; the class is instantiated without arguments and
reads its own settings.
"""

import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from motcua.notifications import conf
from motcua.notifications.adapters.base import Adapter, wants

_lock = threading.Lock()
_adapters: dict[str, Adapter] | None = None


def _build() -> dict[str, Adapter]:
    built: dict[str, Adapter] = {}
    for entry in conf.adapter_paths():
        factory = import_string(entry) if isinstance(entry, str) else entry
        adapter = factory()
        if not getattr(adapter, "enabled", True):
            continue
        if not isinstance(adapter, Adapter):
            raise ImproperlyConfigured(
                f"{entry!r} is not an outbox adapter (key, topics, deliver)."
            )
        if adapter.key in built:
            raise ImproperlyConfigured(f"Two outbox adapters share the key {adapter.key!r}.")
        built[adapter.key] = adapter
    return built


def adapters() -> dict[str, Adapter]:
    global _adapters
    if _adapters is None:
        with _lock:
            if _adapters is None:
                _adapters = _build()
    return _adapters


def get(key: str) -> Adapter | None:
    return adapters().get(key)


def subscribers(topic: str) -> list[Adapter]:
    return [adapter for adapter in adapters().values() if wants(adapter, topic)]


def reset() -> None:
    global _adapters
    with _lock:
        _adapters = None


def _on_setting_changed(*, setting, **kwargs) -> None:
    if setting in conf.ADAPTER_SETTINGS:
        reset()


def connect_setting_changes() -> None:
    setting_changed.connect(_on_setting_changed, dispatch_uid="motcua.notifications.registry")
