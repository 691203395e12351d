"""Benchmark: due-date computations per second, kernel vs a naive day-by-day loop.

Run from the repository root:

    PYTHONPATH=src python bench/bench_worktime.py [--count 100000] [--seed 2025]

It draws ``count`` random receipt instants in 2025-2027 (any second of the day, weekends
included) and random durations of 0.5-60 working days in half days, computes every due date
with ``WorkCalendar.add`` and with the naive loop below, checks that both agree, and prints
one Markdown table row for docs/benchmarks.md. The process is pinned to one CPU so the figure
is per core.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from motcua.worktime import WorkCalendar, build_vietnam_calendar

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime(2025, 1, 1, tzinfo=HANOI)
LAST = datetime(2028, 1, 1, tzinfo=HANOI)


class NaiveCalendar:
    """The obvious implementation: walk forward one day at a time, period by period.

    It uses the same days off and office hours as the kernel, so the two must agree.
    """

    def __init__(self, calendar: WorkCalendar) -> None:
        self.office_hours = calendar.office_hours
        self.non_working = set(calendar.non_working_dates)
        self.extra_working = set(calendar.extra_working_dates)
        self.hours_per_day = calendar.hours_per_day

    def periods(self, day: date):
        if day in self.extra_working:
            return self.office_hours[0]
        if day in self.non_working:
            return ()
        return self.office_hours[day.weekday()]

    def add(self, start: datetime, *, days: float) -> datetime:
        remaining = round(days * self.hours_per_day * 3600)
        local = start.astimezone(HANOI)
        day = local.date()
        clock = local.hour * 3600 + local.minute * 60 + local.second
        while True:
            for period_start, period_end in self.periods(day):
                begin = max(clock, period_start)
                if begin >= period_end:
                    continue
                if remaining <= period_end - begin:
                    midnight = datetime(day.year, day.month, day.day, tzinfo=HANOI)
                    return midnight + timedelta(seconds=begin + remaining)
                remaining -= period_end - begin
            day += timedelta(days=1)
            clock = 0


def draw_cases(count: int, seed: int) -> list[tuple[datetime, float]]:
    rng = random.Random(seed)
    span = int((LAST - FIRST).total_seconds())
    return [
        (FIRST + timedelta(seconds=rng.randrange(span)), rng.randint(1, 120) / 2)
        for _ in range(count)
    ]


def rate(add, cases: list[tuple[datetime, float]], repeats: int) -> tuple[float, list[datetime]]:
    """Best-of-``repeats`` additions per second, and the results of the last run."""
    best = float("inf")
    results: list[datetime] = []
    for _ in range(repeats):
        began = time.perf_counter()
        results = [add(start, days=days) for start, days in cases]
        best = min(best, time.perf_counter() - began)
    return len(cases) / best, results


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    calendar = build_vietnam_calendar()
    naive = NaiveCalendar(calendar)
    cases = draw_cases(arguments.count, arguments.seed)

    kernel_rate, kernel_results = rate(calendar.add, cases, arguments.repeats)
    naive_rate, naive_results = rate(naive.add, cases, 1)
    mismatches = sum(a != b for a, b in zip(kernel_results, naive_results, strict=True))
    if mismatches:
        sys.exit(f"kernel and naive loop disagree on {mismatches} of {len(cases)} cases")

    python = platform.python_version()
    print(
        "| bench | cases | machine | Python | kernel add/s | naive add/s | ratio |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| `PYTHONPATH=src python bench/bench_worktime.py` | {len(cases):,} (seed "
        f"{arguments.seed}) | {os.cpu_count()} cores ({cpu_model()}), pinned to 1 | {python} | "
        f"{kernel_rate:,.0f} | {naive_rate:,.0f} | {kernel_rate / naive_rate:.1f}x |"
    )


if __name__ == "__main__":
    main()
