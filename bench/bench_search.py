"""Benchmark: procedure search over a 2,000-procedure catalogue, on SQLite and PostgreSQL.

Run from the repository root:

    .venv/bin/python bench/bench_search.py                      # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \\
        .venv/bin/python bench/bench_search.py                  # PostgreSQL, `motcua_bench`

For PostgreSQL only the server of DATABASE_URL is used: the database `motcua_bench` on it is
dropped and created again (throwaway). The script migrates the empty database, inserts
`--size` procedures whose names are generated from Vietnamese word lists (seeded), each with
one published version in force, plus some drafts and expired versions that search must skip,
then times `--count` searches of varied queries (with and without accents, capitals, codes,
field and level filters, no match):

* selector: `search_procedures(...)`, then what a results page reads: the count and the
  first 20 rows;
* API: `GET /api/v1/procedures?search=…` through the whole Django stack (test client);
* naive: what search would cost without the stored folded text: read every public version
  and fold its name, code and field in Python per query, then filter and sort.

It prints median and p99 in milliseconds and one Markdown table row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BENCH_DATABASE = "motcua_bench"
PAGE = 20

# --- a catalogue generated from word lists --------------------------------------------------

FIELDS = [
    ("HT", "Hộ tịch"),
    ("CT", "Đăng ký, quản lý cư trú"),
    ("DD", "Đất đai"),
    ("XD", "Hoạt động xây dựng"),
    ("KD", "Thành lập và hoạt động của hộ kinh doanh"),
    ("DN", "Thành lập và hoạt động doanh nghiệp"),
    ("GT", "Đường bộ"),
    ("GD", "Giáo dục và Đào tạo"),
    ("YT", "Khám bệnh, chữa bệnh"),
    ("LD", "Việc làm"),
    ("BT", "Bảo trợ xã hội"),
    ("NCC", "Người có công"),
    ("MT", "Môi trường"),
    ("TN", "Tài nguyên nước"),
    ("VH", "Văn hóa cơ sở"),
    ("DL", "Du lịch"),
    ("TP", "Chứng thực"),
    ("NN", "Trồng trọt"),
    ("TY", "Thú y"),
    ("TC", "Quản lý công sản"),
]
ACTIONS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Đăng ký",
    "Đăng ký lại",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Xác nhận",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
    "Chuyển đổi",
    "Sửa đổi, bổ sung",
    "Hủy bỏ",
    "Chấm dứt",
]
OBJECTS = [
    "khai sinh",
    "kết hôn",
    "khai tử",
    "giám hộ",
    "nhận cha, mẹ, con",
    "thường trú",
    "tạm trú",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy phép xây dựng",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy chứng nhận đăng ký doanh nghiệp",
    "giấy phép lái xe",
    "chứng chỉ hành nghề",
    "giấy phép kinh doanh dịch vụ lữ hành",
    "trợ cấp xã hội hằng tháng",
    "chế độ ưu đãi người có công",
    "giấy phép khai thác nước dưới đất",
    "kế hoạch bảo vệ môi trường",
    "bản sao từ sổ gốc",
    "chữ ký trong giấy tờ, văn bản",
    "giấy phép hoạt động khám bệnh, chữa bệnh",
    "quyết định thành lập trường mầm non",
    "giấy chứng nhận kiểm dịch động vật",
    "danh hiệu gia đình văn hóa",
    "tài sản công",
]
QUALIFIERS = [
    "",
    "có yếu tố nước ngoài",
    "cho tổ chức",
    "cho cá nhân",
    "đối với công trình cấp III",
    "tại cấp xã",
    "trong trường hợp bị mất, hỏng",
    "do thay đổi thông tin",
    "lần đầu",
    "cho người chưa thành niên",
    "theo yêu cầu",
    "trên môi trường điện tử",
]
LEVELS = ["central", "province", "commune"]

QUERIES = [
    "khai sinh",
    "KHAI SINH",
    "Khai Sinh",
    "dang ky ket hon",
    "Đăng ký kết hôn",
    "giay phep xay dung",
    "giấy phép",
    "dat",
    "đất đai",
    "cap lai giay phep lai xe",
    "ho kinh doanh",
    "thuong tru",
    "tam tru",
    "chung thuc chu ky",
    "tro cap",
    "nguoi co cong",
    "moi truong",
    "1.00",
    "1.0012",
    "ban sao",
    "co yeu to nuoc ngoai",
    "gia han",
    "thu hoi giay chung nhan",
    "xyz khong co",
    "c",
]


def generate_names(size: int, rng: random.Random) -> list[str]:
    combos = [
        " ".join(part for part in (action, thing, qualifier) if part)
        for action in ACTIONS
        for thing in OBJECTS
        for qualifier in QUALIFIERS
    ]
    if size > len(combos):
        raise SystemExit(f"--size at most {len(combos)}")
    return rng.sample(combos, size)


# --- the throwaway database -----------------------------------------------------------------


def prepare_database(url: str | None) -> tuple[str, str]:
    """The DATABASE_URL to benchmark on and a label. PostgreSQL: `motcua_bench`, recreated."""
    if not url or url.startswith("sqlite"):
        path = Path(tempfile.mkdtemp(prefix="motcua-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}", "SQLite (temporary file)"
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}")), "PostgreSQL"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-data-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    # Keep the connection across API requests, as a production web process would.
    os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def insert_catalogue(size: int, rng: random.Random) -> None:
    import datetime

    from django.db import transaction

    from motcua.catalog.models import Field, Procedure, ProcedureVersion, VersionStatus
    from motcua.catalog.search import procedure_search_text

    fields = [Field.objects.create(code=code, name=name) for code, name in FIELDS]
    names = generate_names(size, rng)
    start = datetime.date(2025, 7, 1)
    with transaction.atomic():
        procedures = Procedure.objects.bulk_create(
            Procedure(code=f"1.{n:06d}", code_is_illustrative=True) for n in range(1, size + 1)
        )
        versions = []
        for procedure, name in zip(procedures, names, strict=True):
            version = ProcedureVersion(
                procedure=procedure,
                number=1,
                status=VersionStatus.PUBLISHED,
                valid_from=start,
                published_at=datetime.datetime(2025, 6, 30, 2, tzinfo=datetime.UTC),
                name=name,
                field=rng.choice(fields),
                level=rng.choice(LEVELS),
                online_level=rng.choice(["full", "partial", "none"]),
            )
            versions.append(version)
            procedure.search_text = procedure_search_text(version)
            roll = rng.random()
            if roll < 0.10:  # a draft of the next version: never searched
                versions.append(
                    ProcedureVersion(
                        procedure=procedure,
                        number=2,
                        name=name + " (dự thảo)",
                        field=version.field,
                        level=version.level,
                    )
                )
            elif roll < 0.15:  # an expired version before the one in force
                version.number = 2
                versions.append(
                    ProcedureVersion(
                        procedure=procedure,
                        number=1,
                        status=VersionStatus.PUBLISHED,
                        valid_from=datetime.date(2020, 1, 1),
                        valid_to=start - datetime.timedelta(days=1),
                        name=name,
                        field=version.field,
                        level=version.level,
                    )
                )
        ProcedureVersion.objects.bulk_create(versions)
        Procedure.objects.bulk_update(procedures, ["search_text"])


# --- the three ways of searching ------------------------------------------------------------


def workload(count: int, rng: random.Random) -> list[tuple[str, str | None, str | None]]:
    cases = []
    for _ in range(count):
        query = rng.choice(QUERIES)
        field = rng.choice(FIELDS)[0] if rng.random() < 0.2 else None
        level = rng.choice(LEVELS) if rng.random() < 0.2 else None
        cases.append((query, field, level))
    return cases


def by_selector(query, field, level):
    from motcua.catalog.selectors import search_procedures

    versions = search_procedures(query, field=field, level=level)
    return versions.count(), [v.procedure.code for v in versions[:PAGE]]


def by_api(client):
    def run(query, field, level):
        params = {"search": query}
        if field:
            params["field"] = field
        if level:
            params["level"] = level
        response = client.get("/api/v1/procedures", params)
        assert response.status_code == 200, response.content
        body = response.json()
        return body["count"], [row["code"] for row in body["results"]]

    return run


def naive(query, field, level):
    """No stored folded text: fold every public procedure's text in Python, per query, and
    rank as the selector does."""
    from motcua.catalog.search import fold, query_tokens
    from motcua.catalog.selectors import versions_in_force

    tokens = query_tokens(query)
    phrase = " ".join(tokens)
    rows = versions_in_force().values_list(
        "name", "procedure__code", "field__name", "field__code", "level"
    )
    found = []
    for name, code, field_name, field_code, row_level in rows:
        if field and field_code != field:
            continue
        if level and row_level != level:
            continue
        text = fold(f"{name} {code} {field_name} {field_code}")
        if all(token in text for token in tokens):
            if not tokens or text.startswith(phrase):
                rank = 0
            elif text.startswith(tokens[0]):
                rank = 1
            elif f" {phrase}" in text:
                rank = 2
            else:
                rank = 3
            found.append((rank, len(text) if tokens else 0, text, code))
    found.sort()
    return len(found), [row[3] for row in found[:PAGE]]


def timed(run, cases) -> list[float]:
    for case in cases[:20]:  # warm caches and connections
        run(*case)
    times = []
    for case in cases:
        started = time.perf_counter()
        run(*case)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="procedures in the catalogue")
    parser.add_argument("--count", type=int, default=500, help="searches timed per method")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    database_url, label = prepare_database(os.environ.get("DATABASE_URL"))
    setup_django(database_url)
    rng = random.Random(args.seed)
    insert_catalogue(args.size, rng)
    cases = workload(args.count, rng)

    from django.db import connection
    from django.test import Client

    # The three methods must agree before their times mean anything.
    client = Client(SERVER_NAME="localhost")
    api = by_api(client)
    for case in cases[:60]:
        expected = by_selector(*case)
        assert naive(*case) == expected, case
        assert api(*case) == expected, case

    results = {
        "selector": summary(timed(by_selector, cases)),
        "api": summary(timed(api, cases)),
        "naive": summary(timed(naive, cases)),
    }
    server = ""
    if connection.vendor == "postgresql":
        server = f" {connection.pg_version // 10000}"
    elif connection.vendor == "sqlite":
        import sqlite3

        server = f" {sqlite3.sqlite_version}"
    print(f"database: {label}{server}; {args.size} procedures; {args.count} searches per method")
    for method, (median, p99) in results.items():
        print(f"  {method:<9} median {median:7.2f} ms   p99 {p99:7.2f} ms")
    ratio = results["naive"][0] / results["selector"][0]
    print(f"  naive / selector (median): {ratio:.1f}x")
    print()
    sel, api_times, nai = results["selector"], results["api"], results["naive"]
    print(
        f"| {time.strftime('%Y-%m-%d')} | {label.split(' ')[0]}{server} | {args.size:,} | "
        f"{args.count} | `nproc` {os.cpu_count()}, {cpu_model()} | {platform.python_version()} | "
        f"{sel[0]:.2f} / {sel[1]:.2f} | {api_times[0]:.2f} / {api_times[1]:.2f} | "
        f"{nai[0]:.2f} / {nai[1]:.2f} | {ratio:.1f}x |"
    )


if __name__ == "__main__":
    main()
