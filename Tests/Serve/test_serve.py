"""`infralint serve` in a real browser: the page loads, follows the file, shows
errors over the last good diagram, and draws what-if on the diagram."""

import json
import os
import subprocess
import time
import urllib.request

from conftest import INFRALINT, ROOT


def lint_count(path):
    result = subprocess.run([INFRALINT, "lint", str(path), "--format", "json"], capture_output=True, text=True)
    return len(json.loads(result.stdout)["findings"])


def wait_until(page, expression, timeout=5.0):
    """Polls an expression in the page (the page's content policy forbids the eval
    that Playwright's wait_for_function uses)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"never true: {expression}")


def wait_version_after(page, version):
    return wait_until(page, f"Number(document.body.dataset.version) > {version} && Number(document.body.dataset.version)")


def test_page_shows_the_design_and_follows_the_file(served, page):
    page.goto(served.url)
    page.wait_for_selector("#findings li")
    assert page.locator("#findings li").count() == lint_count(served.file)
    assert page.locator("#diagram svg g#element-lb-01").count() == 1
    assert "nines" in page.locator("#availability").text_content()
    assert page.locator("#explanation h1").first.text_content() == "www.foobar.com"
    page.screenshot(path=str(served.file.parent / "page.png"))
    version = int(page.evaluate("document.body.dataset.version"))

    # Saved with a change: the page follows within a second.
    started = time.monotonic()
    served.file.write_text(served.file.read_text().replace("load-balancer lb-01 {", "load-balancer lb-01 {\n  instances: 2"))
    version = wait_version_after(page, version)
    assert time.monotonic() - started < 1.5
    assert page.locator("#findings li").count() == lint_count(served.file)
    assert "lb-01 is a single point of failure" not in page.locator("#findings").text_content()

    # Broken: the last good diagram stays, with the errors over it.
    served.file.write_text("client users\nweb-server {\n")
    version = wait_version_after(page, version)
    assert page.locator("#overlay.shown").count() == 1
    assert "line 2" in page.locator("#errors").text_content()
    assert page.locator("#diagram svg g#element-lb-01").count() == 1

    # Deleted, then written again (as some editors save): the page recovers.
    os.remove(served.file)
    version = wait_version_after(page, version)
    assert "not found" in page.locator("#status").text_content() or "no such" in page.locator("#status").text_content().lower()
    served.file.write_text("client users\nweb-server web-09\nusers -> web-09 : https\n")
    version = wait_version_after(page, version)
    assert page.locator("#overlay.shown").count() == 0
    assert page.locator("#diagram svg g#element-web-09").count() == 1
    # A design with no `design` statement is titled by its file, not by standard input.
    drawn = page.locator("#diagram svg").text_content()
    assert "shop.infra" in drawn and "<stdin>" not in drawn, drawn[:200]


def test_a_finding_shows_its_element_and_line(served, page):
    page.goto(served.url)
    page.wait_for_selector("#findings li")
    finding = page.locator("#findings li", has_text="lb-01 is a single point of failure")
    # Labelled as the terminal labels them: an unsafe fix, and advice no edit carries out.
    assert "fix (unsafe): pair lb-01 with a standby" in finding.text_content()
    colocated = page.locator("#findings li", has_text="AV006").first.text_content()
    assert "advice: move db-01 to a server of its own" in colocated and "fix:" not in colocated
    finding.click()
    assert page.locator("g#element-lb-01.highlight").count() == 1
    page.locator("nav button[data-tab=source]").click()
    picked = page.locator("#source div.picked")
    assert picked.count() == 1 and "load-balancer lb-01" in picked.text_content()


def test_clicking_an_element_shows_what_its_failure_costs(served, page):
    page.goto(served.url)
    page.wait_for_selector("#diagram svg g#element-lb-01")
    page.locator("g#element-lb-01").click()
    page.wait_for_selector("#whatif.shown")
    assert "users cannot read or write" in page.locator("#whatif-text").text_content()
    assert page.locator("#diagram svg.whatif").count() == 1
    assert page.locator("g#element-lb-01.failed").count() == 1
    assert page.locator("g.node.serving").count() == 0, "nothing serves without the only load balancer"

    page.locator("g#element-nginx-01").click()
    wait_until(page, "document.querySelector('#whatif-title').textContent.includes('nginx-01')")
    assert page.locator("g#element-nginx-01.failed").count() == 1
    for still in ["lb-01", "nginx-02", "users"]:
        assert page.locator(f"g#element-{still}.serving").count() == 1, still
    assert page.locator("g.edge.serving").count() >= 2, "the paths that remain are drawn"
    page.locator("#whatif-clear").click()
    assert page.locator("#diagram svg.whatif").count() == 0

    # "What if web-01 fails?": a click on the server's box fails the server and what it runs.
    page.locator("g#host-web-01 > text").first.click()
    wait_until(page, "document.querySelector('#whatif-title').textContent.includes('web-01')")
    text = page.locator("#whatif-text").text_content()
    assert "If web-01 fails:" in text and "users cannot write" in text, text
    for down in ["nginx-01", "app-01", "db-01"]:
        assert page.locator(f"g#element-{down}.failed").count() == 1, down
    assert page.locator("g#element-nginx-02.serving").count() == 1, "reads still go through web-02"


def test_names_are_text_never_markup(tmp_path, browser):
    from conftest import Served

    hostile = 'client users "<img src=x onerror=window.pwned=1>"\nweb-server w1 "<script>window.pwned=2</script>"\nusers -> w1 : http\n'
    server = Served(tmp_path, hostile)
    try:
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector("#findings li")
        page.locator("nav button[data-tab=explanation]").click()
        assert page.evaluate("window.pwned === undefined")
        assert page.locator("#right img, #right script").count() == 0
        assert "<img src=x" in page.locator("#source").text_content()
        page.close()
    finally:
        server.stop()


def test_only_the_page_and_loopback(served):
    def status(path, host=None):
        request = urllib.request.Request(served.url.rstrip("/") + path)
        if host:
            request.add_header("Host", host)
        try:
            return urllib.request.urlopen(request, timeout=5).status
        except urllib.error.HTTPError as error:
            return error.code

    assert status("/") == 200 and status("/state") == 200
    assert status("/shop.infra") == 404 and status("/..%2F..%2Fetc%2Fpasswd") == 404
    assert status("/what-if?fail=nothing") == 404
    assert status("/state", host="attacker.example") == 403
