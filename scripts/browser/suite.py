#!/usr/bin/env python3
"""Fatura in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

  suite.py --base http://127.0.0.1:PORT --out DIR [--shots] [--only NAME[,NAME]] [--chromium PATH]

Expects a server started on a fresh database with `--demo` (scripts/browser.sh starts one). Runs
every path of paths.py, each in its own browser context; prints one line per path, saves a
screenshot of each failure (and with --shots of every step) in DIR, and exits 1 when a path failed.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from playwright.sync_api import sync_playwright  # noqa: E402

import paths  # noqa: E402
from harness import Run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="URL of the running server")
    parser.add_argument("--out", required=True, help="folder for screenshots (and the print view's PDF)")
    parser.add_argument("--shots", action="store_true", help="a screenshot of every step, not only of failures")
    parser.add_argument("--only", default="", help="comma-separated names of the paths to run")
    parser.add_argument("--chromium", default=os.environ.get("FATURA_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    selected = paths.ALL
    if args.only:
        names = {n.strip() for n in args.only.split(",") if n.strip()}
        unknown = names - {f.__name__ for f in paths.ALL}
        if unknown:
            sys.exit(f"caminhos desconhecidos: {', '.join(sorted(unknown))} (há: {', '.join(f.__name__ for f in paths.ALL)})")
        selected = [f for f in paths.ALL if f.__name__ in names]

    started = time.monotonic()
    with sync_playwright() as playwright:
        # --no-sandbox: as root (CI containers) Chromium refuses to start with its sandbox.
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            run = Run(browser, args.base, args.out, args.shots)
            for function in selected:
                run.path(function)
        finally:
            browser.close()

    failed = [r for r in run.results if not r[1]]
    print(f"[browser] {len(run.results) - len(failed)} de {len(run.results)} caminhos passaram em {time.monotonic() - started:.0f}s",
          flush=True)
    if failed:
        print("[browser] falharam: " + ", ".join(r[0] for r in failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
