import pytest

from notifications.fakes import T0


@pytest.fixture
def use_adapters(settings):
    """use_adapters(A, B, …): deliver to exactly these adapter classes in this test."""

    def install(*adapters):
        settings.NOTIFICATION_ADAPTERS = list(adapters)
        return adapters

    return install


@pytest.fixture
def clock():
    import time_machine

    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller
