"""A headless Chromium (Debian's chromium + chromium-driver) driven by Selenium, and a live
server. The tests skip, saying why, when the browser is not installed (`make browser-deps`)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "report"))

from report_raqqa import raqqa_build, with_comparison  # noqa: E402

from dateline.ingest import ingest  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.report.document import BuildResult  # noqa: E402
from dateline.report.results import save_results  # noqa: E402
from dateline.store import SQLiteStore  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

# Flags that keep Chromium off the network and quiet in a container (see the machine notes).
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1400")


@pytest.fixture(scope="session")
def raqqa_result(raqqa_articles: dict[str, Article]) -> BuildResult:
    return with_comparison(raqqa_build(raqqa_articles))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed "
                    "(/usr/bin/chromium, /usr/bin/chromedriver): run `make browser-deps` as root")
    if shutil.which("chromium") is None and not CHROMIUM.exists():
        pytest.skip("chromium is not on PATH")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def raqqa_db(tmp_path: Path, raqqa_dir: Path, raqqa_result: BuildResult) -> str:
    store = SQLiteStore(tmp_path / "browser.db")
    ingest(store, [str(raqqa_dir)])
    save_results(store, raqqa_result.stories, raqqa_result.copies, raqqa_result.claims,
                 raqqa_result.entities)
    store.close()
    return str(tmp_path / "browser.db")
