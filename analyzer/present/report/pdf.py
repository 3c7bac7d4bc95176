"""A report page printed to PDF by headless Chromium (Debian's `chromium`, driven by Playwright).

The page is loaded from a local file with every request outside that file refused, exactly as a
reader's browser would open the HTML report, then printed with its own print styles.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from analyzer.core.errors import UsageError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def html_to_pdf(html: str, out: Path) -> bytes:
    """The PDF of `html`; a UsageError naming `out` when Chromium or Playwright is missing."""
    browser_path = chromium_path()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_path = None
    if browser_path is None:
        raise UsageError(f"--out {out}: a PDF needs Chromium and Playwright (apt-get install chromium; "
                         "pip install playwright); write the report as .html instead")
    with tempfile.TemporaryDirectory(prefix="footprint-pdf-") as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        url = page_file.as_uri()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=browser_path, args=ARGS)
                try:
                    page = browser.new_page()
                    page.route("**/*", lambda route: route.continue_() if route.request.url == url
                               else route.abort())
                    page.goto(url, wait_until="load")
                    return page.pdf(format="A4", print_background=True,
                                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise UsageError(f"--out {out}: Chromium could not print the report: "
                             f"{str(exc).splitlines()[0][:160]}") from None
