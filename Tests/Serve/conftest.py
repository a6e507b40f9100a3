"""Shared setup for the live page's tests: `infralint serve` on a copy of a design,
and the system's chromium driven by Playwright (its own browser download is not
needed: the browser is launched from CHROMIUM, /usr/bin/chromium by default)."""

import os
import pathlib
import shutil
import subprocess

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
INFRALINT = str(pathlib.Path(os.environ.get("INFRALINT", str(ROOT / ".build" / "debug" / "infralint"))).resolve())
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


class Served:
    def __init__(self, folder: pathlib.Path, text: str):
        self.file = folder / "shop.infra"
        self.file.write_text(text)
        self.process = subprocess.Popen(
            [INFRALINT, "serve", str(self.file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline()
        assert " at http://127.0.0.1:" in line, line + self.process.stderr.read()
        self.url = line.split(" at ")[1].split(" ")[0]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def served(tmp_path):
    server = Served(tmp_path, (ROOT / "examples" / "distributed" / "distributed.infra").read_text())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()
