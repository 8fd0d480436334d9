"""Benchmark the dashboard pages in Debian's chromium on the demo database scaled to 1 000 000 messages.

Also printed, for information: a switch to each page by a sidebar click in a tab that already shows the
app (what a user does between pages), against a switch between two blank pages.

Per page: the cold load (first visit, caches empty), the warm load (median of N later visits) against a
blank Streamlit page measured in the same run (target ≤ 1.5×), the first paint and the first content
(target ≤ 3 s), and the server's resident memory after visiting every page (target < 600 MB). A visit
is done when the script has finished and every chart of the page's first screen has drawn its marks.
Each visit is a fresh tab (no browser cache), for the blank page too.

Also printed: two floor pages with no data (navigation and the four filters; then one metric row and one
ten-bar chart as well), measured the same way: no page of the dashboard can be faster than them.

Figures measured on this project's machine are in the README ("The views"); the ratio target is missed.

    python bench/bench_pages.py [--db PATH] [--scale 50] [--runs 5]

Without --db the demo database is built first (`python -m analysis demo --scale 50`: scale 1 gives
about 20 000 chat messages, so 50 gives about 1 000 000).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ui.browser_check import browser, running_app, wait_ready

ROOT = Path(__file__).resolve().parents[1]

# Page → (url path, charts on its first screen with the demo data).
PAGES = {
    "Live": ("", 1),
    "Enheter": ("enheter", 3),
    "Adopsjon": ("adopsjon", 3),
    "Supportbelastning": ("belastning", 4),
}
CONTENT = '[data-testid="stHeading"], [data-testid="stMetric"], [data-testid="stMarkdown"]'
# Done means the whole first screen is there: the script has finished (wait_ready) and every chart has drawn
# its marks (an SVG with content or a canvas), not just the first one.
ALL_CHARTS_DRAWN = """(n) => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  return charts.length >= n && !document.querySelector('[data-testid="stSkeleton"]')
    && charts.every(c => c.querySelector('svg.marks g, canvas'));
}"""
BLANK_APP = 'import streamlit as st\n\nst.title("Tom side")\nst.write("Referanse for målingen.")\n'
# For page switches: two blank pages behind st.navigation, switched by the same sidebar click.
BLANK_NAV_APP = """import streamlit as st

def blank(name):
    def page():
        st.title(name)
        st.write("Referanse for målingen.")
    return page

st.navigation([st.Page(blank("Tom A"), title="Tom A", url_path="a"),
               st.Page(blank("Tom B"), title="Tom B", url_path="b")]).run()
"""
# The floor under the ratio target: Streamlit pages with no data and no query, holding only what every page
# of the dashboard must hold (navigation and the four filters the issue asks for), then that plus one metric
# row and one ten-bar Altair chart. Measured the same way, so their ratios show what no page can go below.
_FLOOR_SIDEBAR = """import datetime as dt
import streamlit as st

st.set_page_config(page_title="Gulv", layout="wide")

def page():
    st.title("Live — Supportsenteret nå")
    BODY

nav = st.navigation([st.Page(page, title="A", url_path="a", default=True),
                     st.Page(lambda: None, title="B", url_path="b")])
with st.sidebar:
    st.subheader("Filter")
    c1, c2 = st.columns(2)
    c1.date_input("Fra dato", value=dt.date(2022, 5, 7), key="fra", bind="query-params")
    c2.date_input("Til dato", value=dt.date(2022, 6, 7), key="til", bind="query-params")
    st.selectbox("Tjenesteområde", ["Alle", "Hjemmetjenesten"], key="omrade", bind="query-params")
    st.selectbox("Enhet", ["Alle", "Lade"], key="enhet", bind="query-params")
nav.run()
"""
_CHART_BODY = """import altair as alt
    import pandas as pd
    for col, i in zip(st.columns(4), range(4)):
        col.metric(f"Tall {i}", "7 200", "+3")
    df = pd.DataFrame({"x": list("abcdefghij"), "y": range(10)})
    st.altair_chart(alt.Chart(df).mark_bar().encode(x="x", y="y"))"""
FLOOR_APPS = {  # name -> (script, charts on the page)
    "Gulv: meny + filtre": (_FLOOR_SIDEBAR.replace("BODY", 'st.write("Referanse for målingen.")'), 0),
    "Gulv: + 4 tall, 1 graf": (_FLOOR_SIDEBAR.replace("BODY", _CHART_BODY), 1),
}
# Sidebar label and page title of each measured page (the title is its h1).
TITLES = {"Live": "Live — Supportsenteret nå", "Enheter": "Enheter — stemning", "Adopsjon": "Adopsjon",
          "Supportbelastning": "Supportbelastning"}
# A switch is done when the new page's title is up, nothing from the previous run is left (stale), the
# script has finished and every chart has drawn.
SWITCH_DONE = """([title, n]) => {
  const h = document.querySelector('h1');
  if (!h || !h.textContent.includes(title)) return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stStatusWidget"], [data-testid="stSkeleton"]'))
    return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  return charts.length >= n && charts.every(c => c.querySelector('svg.marks g, canvas'));
}"""
TARGET_RATIO = 1.5
TARGET_PAINT_S = 3.0
TARGET_RSS_MB = 600


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process and its children in MB (from /proc)."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def server_pid(port: int) -> int | None:
    """Return the PID of the streamlit server listening on `port` (started by running_app)."""
    out = subprocess.run(["pgrep", "-f", f"server.port {port} "], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


def visit(b, url: str, charts: int) -> dict[str, float]:
    """Open `url` in a fresh tab; return seconds to first paint, first content and a finished page."""
    page = b.new_page(viewport={"width": 1920, "height": 1080})
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(CONTENT, timeout=60000)
    first_content = time.perf_counter() - t0
    wait_ready(page, timeout_ms=120000)
    if charts:
        page.wait_for_function(ALL_CHARTS_DRAWN, arg=charts, timeout=120000, polling=20)
    done = time.perf_counter() - t0
    fcp = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime")
    page.close()
    return {"paint": fcp / 1000, "content": first_content, "done": done}


def measure(b, base: str, slug: str, runs: int, charts: int) -> dict[str, float]:
    """Measure one page: one cold visit, then the median of `runs` warm visits."""
    cold = visit(b, f"{base}/{slug}", charts)
    warm = [visit(b, f"{base}/{slug}", charts) for _ in range(runs)]
    return {
        "cold": cold["done"],
        "warm": statistics.median(w["done"] for w in warm),
        "paint": statistics.median(w["paint"] for w in warm),
        "content": statistics.median(w["content"] for w in warm),
        "cold_content": cold["content"],
    }


def switch_to(page, label: str, title: str, charts: int) -> float:
    """Click a page in the sidebar of an open app; return seconds until that page is finished."""
    t0 = time.perf_counter()
    page.locator('[data-testid="stSidebarNavLink"]', has_text=label).first.click()
    page.wait_for_function(SWITCH_DONE, arg=[title, charts], timeout=120000, polling=20)
    return time.perf_counter() - t0


def measure_switches(b, base: str, pages: dict[str, tuple[str, int]], runs: int,
                     start: str) -> dict[str, float]:
    """Median seconds of a sidebar switch to each page, in a tab that already shows the app (runs rounds)."""
    tab = b.new_page(viewport={"width": 1920, "height": 1080})
    tab.goto(f"{base}/{start}")
    wait_ready(tab, timeout_ms=120000)
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(runs + 1):  # the first round loads each page's chunks once: not counted
        for name, (title, charts) in pages.items():
            times[name].append(switch_to(tab, title, title, charts))
    tab.close()
    return {name: statistics.median(t[1:]) for name, t in times.items()}


def build_db(scale: float, out: Path) -> Path:
    """Build the scaled demo database with the project's own command and report how long it took."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "demo", "--db", str(out), "--scale", str(scale)], cwd=ROOT,
                   check=True)
    print(f"Demodatabase bygget på {time.perf_counter() - t0:.0f} s: {out}")
    return out


def main() -> int:
    """Run the benchmark and print the per-page figures; exit 1 when a target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing database (default: build the demo at --scale)")
    ap.add_argument("--scale", type=float, default=50.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="golive-bench-") as tmp:
        db = args.db or build_db(args.scale, Path(tmp) / "bench.duckdb")
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            n_msg, n_tic = con.execute(
                "SELECT (SELECT count(*) FROM chat_messages), (SELECT count(*) FROM tickets)").fetchone()
        print(f"Database: {db} · {n_msg:,} chatmeldinger · {n_tic:,} saker".replace(",", " "))
        blank = Path(tmp) / "blank_app.py"
        blank.write_text(BLANK_APP, encoding="utf-8")
        results: dict[str, dict[str, float]] = {}
        with browser() as b, running_app(db) as base:
            port = int(base.rsplit(":", 1)[1])
            pid = server_pid(port)
            rss_start = rss_mb(pid) if pid else float("nan")
            for name, (slug, charts) in PAGES.items():
                results[name] = measure(b, base, slug, args.runs, charts)
            switches = measure_switches(b, base, {n: (TITLES[n], PAGES[n][1]) for n in PAGES}, args.runs,
                                        start="oversikt")
            rss_end = rss_mb(pid) if pid else float("nan")
        blank_res = _blank(blank, args.runs)
        blank_nav = Path(tmp) / "blank_nav_app.py"
        blank_nav.write_text(BLANK_NAV_APP, encoding="utf-8")
        blank_switch = _blank(blank_nav, args.runs, switches={"Tom B": ("Tom B", 0), "Tom A": ("Tom A", 0)})
        floors = {}
        for name, (script, charts) in FLOOR_APPS.items():
            path = Path(tmp) / f"floor_{len(floors)}.py"
            path.write_text(script, encoding="utf-8")
            floors[name] = _blank(path, args.runs, charts=charts)
    print()
    print(f"{'Side':<24}{'kald (s)':>10}{'varm (s)':>10}{'× tom':>8}{'1. maling':>11}{'1. innhold':>12}")
    print(f"{'Tom Streamlit-side':<24}{blank_res['cold']:>10.2f}{blank_res['warm']:>10.2f}{1.0:>8.2f}"
          f"{blank_res['paint']:>11.2f}{blank_res['content']:>12.2f}")
    ok = True
    for name, r in results.items():
        ratio = r["warm"] / blank_res["warm"]
        ok &= ratio <= TARGET_RATIO and r["content"] <= TARGET_PAINT_S
        print(f"{name:<24}{r['cold']:>10.2f}{r['warm']:>10.2f}{ratio:>8.2f}{r['paint']:>11.2f}{r['content']:>12.2f}")
    print("Gulvet (sider uten data, bare det hver side må ha; ikke mål, men hva målet kan nå):")
    for name, r in floors.items():
        print(f"{name:<24}{r['cold']:>10.2f}{r['warm']:>10.2f}{r['warm'] / blank_res['warm']:>8.2f}"
              f"{r['paint']:>11.2f}{r['content']:>12.2f}")
    ref = statistics.median(blank_switch.values())
    print(f"\nSidebytte i en åpen fane (median av {args.runs}; informasjon, ikke målet over):")
    print(f"{'':<24}{'bytte (s)':>10}{'× tomt bytte':>14}{'× tom side lastet':>19}")
    print(f"{'Tom side (bytte)':<24}{ref:>10.2f}{1.0:>14.2f}{ref / blank_res['warm']:>19.2f}")
    for name, t in switches.items():
        print(f"{name:<24}{t:>10.2f}{t / ref:>14.2f}{t / blank_res['warm']:>19.2f}")
    ok &= rss_end < TARGET_RSS_MB
    print(f"\nServerminne (RSS): {rss_start:.0f} MB ved start, {rss_end:.0f} MB etter alle sidene "
          f"(mål < {TARGET_RSS_MB} MB)")
    print(f"Mål: varm lasting ≤ {TARGET_RATIO}× tom side, første innhold ≤ {TARGET_PAINT_S} s: "
          + ("OK" if ok else "IKKE NÅDD"))
    return 0 if ok else 1


def _blank(script: Path, runs: int, switches: dict[str, tuple[str, int]] | None = None,
           charts: int = 0) -> dict[str, float]:
    """Measure a reference Streamlit page the same way (its own server on a free port), or its page switches."""
    import os
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.port",
         str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=script.parent, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        import urllib.request

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read().decode() == "ok":
                        break
            except OSError:
                time.sleep(0.3)
        with browser() as b:
            if switches:
                return measure_switches(b, f"http://127.0.0.1:{port}", switches, runs, start="")
            return measure(b, f"http://127.0.0.1:{port}", "", runs, charts)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
