"""Time the main pages and the KPI report files on the current database.

Each page is requested through Django's test client (the whole middleware stack, a signed-in
user of the page's role) `--runs` times after one warm-up request; the KPI PDF and Excel are
built as the background worker builds them. Prints median, p95 and the queries of one request,
as a table or as JSON (`--json`). Needs data: `seed_demo` or `seed_scale` first.
"""

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from companies.models import Company
from reports.cache import invalidate as kpi_cache_invalidate
from users.models import Role, User


@dataclass
class Result:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    queries: int
    status: int | None = None
    # Report files: the process's peak resident memory while it builds the file.
    peak_rss_mb: float | None = None


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (fraction 0.95 → p95)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def reset_peak_rss() -> bool:
    """Set Linux's high-water mark of this process's resident memory (VmHWM) to its current
    size, by writing 5 to /proc/self/clear_refs; False where the system offers no such reset."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (MB) since the last reset_peak_rss()."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)  # kilobytes
    return None


def measure(name: str, runs: int, call) -> Result:
    """Call `call` once to warm up, then `runs` times; count the queries of the last call."""
    status = call()
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            status = call()
            times.append((time.perf_counter() - start) * 1000)
    return Result(
        name=name,
        runs=runs,
        median_ms=round(statistics.median(times), 1),
        p95_ms=round(percentile(times, 0.95), 1),
        min_ms=round(min(times), 1),
        max_ms=round(max(times), 1),
        queries=len(queries),
        status=status,
    )


class Command(BaseCommand):
    help = "Time the main pages and the KPI report files (median, p95, queries)."

    PAGES = (
        "company_list",
        "company_search",
        "company_detail",
        "portal_home",
        "mou_list",
        "dashboard",
    )
    # The dashboard with its figures computed afresh (after a change to the records); the
    # dashboard line above is the usual case, read from the cache.
    EXTRA = ("dashboard_uncached",)
    FILES = ("kpi_pdf", "kpi_xlsx")
    # Measured only when named with --only: the PDF listing every supported firm, however many
    # (above KPI_PDF_FIRM_LIST_LIMIT the default PDF points to the Excel sheet instead).
    SLOW_FILES = ("kpi_pdf_firm_list",)

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Requests per page (30).")
        parser.add_argument(
            "--file-runs", type=int, default=5, help="Builds of each report file (5)."
        )
        parser.add_argument("--year", type=int, default=2022, help="Report year (2022).")
        parser.add_argument("--query", default="빛고을", help="The Hangul search (빛고을).")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=[*self.PAGES, *self.EXTRA, *self.FILES, *self.SLOW_FILES],
            help="Measure only these.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON, not a table."
        )
        parser.add_argument(
            "--profile",
            metavar="DIR",
            help="Also profile each page's requests with pyinstrument (a development "
            "dependency) and write DIR/<page>.txt and DIR/<page>.html.",
        )

    def handle(self, *args, runs, file_runs, year, query, only, as_json, profile, **options):
        if runs < 1 or file_runs < 1:
            raise CommandError("--runs and --file-runs must be at least 1.")
        wanted = only or [*self.PAGES, *self.EXTRA, *self.FILES]
        users = self._users()
        company = Company.objects.annotate(n=Count("interactions")).order_by("-n", "pk").first()
        if company is None:
            raise CommandError("No companies: run `manage.py seed_demo` or `seed_scale` first.")
        pages = {
            "company_list": (Role.STAFF, reverse("companies:list"), {}),
            "company_search": (Role.STAFF, reverse("companies:list"), {"q": query}),
            "company_detail": (Role.STAFF, reverse("companies:detail", args=[company.pk]), {}),
            "portal_home": (Role.FIRM, reverse("portal:home"), {}),
            "mou_list": (Role.STAFF, reverse("mous:list"), {}),
            "dashboard": (Role.EXECUTIVE, reverse("reports:dashboard"), {"year": year}),
            "dashboard_uncached": (Role.EXECUTIVE, reverse("reports:dashboard"), {"year": year}),
        }
        results = []
        # The test client comes from 127.0.0.1: the agency's network, as staff in the office.
        trusted = override_settings(MFA_TRUSTED_NETWORKS=["127.0.0.0/8", "::1/128"])
        trusted.enable()
        try:
            results += self._pages(wanted, pages, users, runs, profile)
        finally:
            trusted.disable()
        for name in (name for name in (*self.FILES, *self.SLOW_FILES) if name in wanted):
            # The peak of the builds measured, each building the same file.
            resettable = reset_peak_rss()
            result = measure(name, file_runs, self._builder(name, year))
            result.peak_rss_mb = peak_rss_mb() if resettable else None
            results.append(result)
        self._print(results, as_json, companies=Company.objects.count())

    def _pages(self, wanted, pages, users, runs, profile=None) -> list[Result]:
        results = []
        for name in (name for name in (*self.PAGES, *self.EXTRA) if name in wanted):
            role, url, params = pages[name]
            client = Client(SERVER_NAME="localhost")
            client.force_login(users[role])

            def get(client=client, url=url, params=params, fresh=name in self.EXTRA):
                if fresh:
                    kpi_cache_invalidate()
                response = client.get(url, params, secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                return response.status_code

            results.append(measure(name, runs, get))
            if profile:
                self._profile(name, runs, get, Path(profile))
        return results

    def _profile(self, name: str, runs: int, call, folder: Path) -> None:
        """`runs` more requests under pyinstrument's sampling profiler (1 ms), as text and
        HTML: where a page's time goes, by call tree."""
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        with profiler:
            for _ in range(runs):
                call()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(profiler.output_text(unicode=True, show_all=False))
        (folder / f"{name}.html").write_text(profiler.output_html())
        self.stderr.write(f"profile of {name}: {folder / name}.txt")

    def _users(self) -> dict:
        users = {}
        for role in (Role.STAFF, Role.EXECUTIVE, Role.FIRM):
            user = (
                User.objects.filter(role=role, is_active=True)
                .exclude(role=Role.FIRM, company__isnull=True)
                .order_by("pk")
                .first()
            )
            if user is None:
                raise CommandError(f"No active {role} user: run `manage.py seed_demo` first.")
            users[role] = user
        return users

    @staticmethod
    def _builder(name: str, year: int):
        from reports.selectors.figures import kpi_report
        from reports.services import render_report

        fmt = "xlsx" if name == "kpi_xlsx" else "pdf"
        firm_list = True if name == "kpi_pdf_firm_list" else None

        def build():
            render_report(kpi_report(year=year, with_companies=True), fmt, firm_list=firm_list)

        return build

    def _print(self, results: list[Result], as_json: bool, *, companies: int) -> None:
        if as_json:
            payload = {
                "database": connection.vendor,
                "companies": companies,
                "results": [asdict(result) for result in results],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"database: {connection.vendor}, companies: {companies:,}")
        header = (
            f"{'page':<20}{'runs':>6}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}{'queries':>9}"
            f"{'peak MB':>9}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            peak = f"{r.peak_rss_mb:>9.0f}" if r.peak_rss_mb is not None else f"{'':>9}"
            self.stdout.write(
                f"{r.name:<20}{r.runs:>6}{r.median_ms:>12.1f}{r.p95_ms:>10.1f}"
                f"{r.max_ms:>10.1f}{r.queries:>9}{peak}"
            )
