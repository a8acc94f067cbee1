"""The HTML report in a real browser: headless Chromium (Debian's chromium and
chromium-driver, installed by .ci/run) shows every finding highlighted in the article."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

from conftest import SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")]


@pytest.fixture
def browser():
    selenium = pytest.importorskip("selenium", reason="pip install -e '.[test]' installs selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,2000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()
    del selenium


def test_seed_report_shows_highlighted_findings(browser, tmp_path, monkeypatch):
    from selenium.webdriver.common.by import By

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    CliRunner().invoke(main, ["seeds", "--report", "out", "-q"], catch_exceptions=False)
    seed = "003_3d066c6bd4fead19.txt"
    data = json.loads(CliRunner().invoke(main, ["--format", "json", f"seeds/{seed}"]).output)
    expected = data["files"][0]["findings"]
    browser.get((tmp_path / "out" / "seeds" / f"{seed}.html").as_uri())

    rows = browser.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")
    assert len(rows) == len(expected)
    marks = browser.find_elements(By.CSS_SELECTOR, "ol.src mark.f")
    linked = {m.find_element(By.TAG_NAME, "a").get_attribute("href").rsplit("#", 1)[1] for m in marks}
    assert linked == {row.get_attribute("id") for row in rows}  # every finding is highlighted in place
    for mark in marks:
        assert mark.is_displayed() and mark.size["height"] > 0 and mark.size["width"] > 0
        colour = browser.execute_script("return getComputedStyle(arguments[0]).borderBottomColor", mark)
        assert colour not in ("", "rgba(0, 0, 0, 0)")  # coloured by category
    # the filter buttons (inline script) hide one category's highlights and bring them back
    button = browser.find_element(By.CSS_SELECTOR, '.filters button[data-cat="ai-leftover"]')
    assert button.is_displayed()
    button.click()
    hidden = [r for r in rows if r.get_attribute("data-cat") == "ai-leftover"]
    assert hidden and not any(r.is_displayed() for r in hidden)
    button.click()
    assert all(r.is_displayed() for r in hidden)


def test_report_screenshot_renders(browser, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    CliRunner().invoke(main, ["seeds", "--report", "out", "-q"], catch_exceptions=False)
    browser.get((tmp_path / "out" / "index.html").as_uri())
    shot = Path(tmp_path / "index.png")
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
