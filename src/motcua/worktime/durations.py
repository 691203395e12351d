"""Turning a requested duration (days or hours, possibly fractional) into whole seconds.

Deadlines arrive from many places — a procedure's "15 working days", an internal step's
"0.5 day", an admin typing "1.5" hours — as ints, floats or Decimals. The kernel works in
integer seconds so that additions compose exactly; this module is the single place where a
number becomes seconds, and where nonsense (negative, NaN, infinity, a bool) is refused.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal

Amount = int | float | Decimal


def amount_to_seconds(amount: Amount, unit_seconds: int, unit_name: str) -> int:
    """Return ``amount * unit_seconds`` rounded to the nearest whole second.

    Rounding (half to even) rather than truncating, so that a float such as ``0.1`` hour
    (really 0.1000000000000000055…) still gives exactly 360 s and not 359 s.
    """
    # bool is an int subclass; ``days=True`` is a bug in the caller, not "1 day".
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
        raise TypeError(f"{unit_name} must be an int, float or Decimal; got {amount!r}")
    if isinstance(amount, int):
        seconds = amount * unit_seconds
    elif isinstance(amount, float):
        if not math.isfinite(amount):
            raise ValueError(f"{unit_name} must be a finite number; got {amount!r}")
        seconds = round(amount * unit_seconds)
    else:
        if not amount.is_finite():
            raise ValueError(f"{unit_name} must be a finite number; got {amount!r}")
        seconds = int((amount * unit_seconds).to_integral_value(rounding=ROUND_HALF_EVEN))
    if amount < 0:
        raise ValueError(
            f"{unit_name} must not be negative; got {amount!r} (a deadline is never in the past "
            "of its start — compare instants with elapsed() instead)"
        )
    return seconds
