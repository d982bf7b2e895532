"""The page in a real browser: headless Chromium opens what ``oigextract show`` writes for the seed article
and for the two-page PDF fixture, and the test reads the DOM Chromium built — highlighted spans, legend,
table rows, page markers — measures it at phone width (nothing wider than the screen, no label over
another, a row's link lands on its sentence), and saves a screenshot.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it when missing); where no Chromium binary
can be found these tests are skipped, saying so. Set ``OIGEXTRACT_CHROMIUM`` to use another binary and
``OIGEXTRACT_SCREENSHOTS`` to a folder to keep the screenshots.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from show_dom import assert_every_finding_highlighted, parse_view

from conftest import SEED
from oigextract import Report, extract
from oigextract.output.show import COLORS, KINDS, write_html

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PHONE = (390, 2000)
TIMEOUT = 60


def _find_chromium() -> str | None:
    given = os.environ.get("OIGEXTRACT_CHROMIUM")
    if given:
        return shutil.which(given) or (given if Path(given).is_file() else None)
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


CHROMIUM = _find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary found (chromium, chromium-browser or google-chrome on PATH, or OIGEXTRACT_CHROMIUM); "
    ".ci/run installs Debian's chromium package when it can: apt-get install chromium",
)

# Test-only: measured after load, written into the DOM that --dump-dom prints. Chromium's headless window is
# at least 500 px wide, so the page is laid out 390 px wide by setting the root's width (the phone styles
# already apply below 640 px).
PROBE = """<script>
window.addEventListener("load", function () {
  document.documentElement.style.width = "390px";
  var box = document.querySelector(".oigx");
  var labels = Array.prototype.slice.call(document.querySelectorAll(".oigx-label"))
    .map(function (e) { return e.getBoundingClientRect(); });
  var overlaps = 0;
  for (var i = 0; i < labels.length; i++) {
    for (var j = i + 1; j < labels.length; j++) {
      var a = labels[i], b = labels[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
    }
  }
  var target = document.querySelector(":target");
  document.body.setAttribute("data-probe", JSON.stringify({
    width: box.getBoundingClientRect().width,
    overflow: box.scrollWidth - box.clientWidth,
    labels: labels.length,
    overlaps: overlaps,
    cutLabels: labels.filter(function (r) { return r.right > 390.5; }).length,
    target: target ? target.id : null,
    targetFinding: target ? target.getAttribute("data-finding") : null,
    theadShown: getComputedStyle(document.querySelector(".oigx thead")).display !== "none",
    textSize: parseFloat(getComputedStyle(document.querySelector(".oigx-text")).fontSize)
  }));
});
</script>"""

DOCUMENTS = {
    "seed-article": SEED / "week-dhs-separated-families.html",
    "two-page-pdf": SEED / "dhs-separations-report.pdf",
}


@dataclass(frozen=True)
class Opened:
    report: Report
    page: Path
    dom: str  # what Chromium built from the page
    probe: dict[str, Any]  # measured at phone width, opened at the last finding's row link
    screenshot: Path


def _chromium(profile: Path, *args: str) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        "--hide-scrollbars", "--mute-audio", f"--user-data-dir={profile}", *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def opened(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Opened:
    name = request.param
    folder = tmp_path_factory.mktemp(f"browser-{name}")
    report = extract(DOCUMENTS[name])
    page = write_html(report, folder / f"{name}.html")
    profile = folder / "profile"
    dom = _chromium(profile, "--window-size=1280,1800", "--dump-dom", page.as_uri())

    html = page.read_text(encoding="utf-8")
    probe_page = folder / f"{name}.probe.html"
    probe_page.write_text(html.replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    last_row = parse_view(html).rows()[-1]
    target = last_row.xpath(".//td[@data-label='Finding']/a/@href")[0]
    probed = _chromium(profile, f"--window-size={PHONE[0]},{PHONE[1]}", "--dump-dom", probe_page.as_uri() + target)
    [raw] = parse_view(probed).root.xpath("//body/@data-probe")

    screenshot = folder / f"{name}-{PHONE[0]}.png"
    _chromium(profile, f"--window-size={PHONE[0]},{PHONE[1]}", f"--screenshot={screenshot}", page.as_uri())
    keep = os.environ.get("OIGEXTRACT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(keep) / screenshot.name)
    return Opened(report, page, dom, json.loads(raw), screenshot)


def test_chromium_builds_every_highlight_of_the_right_kind(opened: Opened) -> None:
    assert_every_finding_highlighted(opened.report, opened.dom)


def test_chromium_shows_the_legend_and_the_table(opened: Opened) -> None:
    view = parse_view(opened.dom)
    assert view.legend() == COLORS
    rows = view.rows()
    assert len(rows) == len(opened.report.findings)
    ids = view.ids()
    for row in rows:
        assert row.xpath(".//td[@data-label='Finding']/a/@href")[0].lstrip("#") in ids
    assert {kind for word in view.words for kind in word.kinds} == set(KINDS)


def test_chromium_shows_page_markers_for_the_pdf(opened: Opened) -> None:
    expected = ["Page 1", "Page 2"] if opened.report.kind == "pdf" else []
    assert parse_view(opened.dom).page_markers() == expected


def test_readable_at_phone_width(opened: Opened) -> None:
    probe = opened.probe
    assert probe["width"] <= 390, probe
    assert probe["overflow"] <= 1, f"the page is wider than a 390 px screen: {probe}"
    assert probe["labels"] == sum(1 for _ in parse_view(opened.dom).root.xpath("//span[contains(concat(' ', @class, ' '), ' oigx-label ')]"))
    assert probe["overlaps"] == 0, f"labels drawn over one another: {probe}"
    assert probe["cutLabels"] == 0, f"labels cut at the screen's edge: {probe}"
    assert probe["theadShown"] is False, "the table should become one card per finding on a phone"
    assert probe["textSize"] >= 14


def test_a_row_link_lands_on_its_sentence(opened: Opened) -> None:
    number = len(opened.report.findings)
    assert opened.probe["targetFinding"] == str(number)
    assert str(opened.probe["target"]).endswith(f"-f{number}")


def test_screenshot_is_saved_at_phone_width(opened: Opened) -> None:
    data = opened.screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == PHONE, opened.screenshot
    image = pytest.importorskip("PIL.Image").open(opened.screenshot).convert("RGB")
    seen = set(image.getdata())
    for kind, color in COLORS.items():
        rgb = tuple(int(color[i: i + 2], 16) for i in (1, 3, 5))
        assert rgb in seen, f"no {kind} colour {color} in {opened.screenshot}"
