"""Every page each demo role reaches by following links passes the page checks.

Loads the demo data set (``woonkans load-demo``: every role, fictional households), logs
in as each demo user with the real two-step login, and walks the links of the app
breadth-first from the home page. Each page must answer 200, load without CSP or script
errors and pass axe-core's WCAG 2.1 A/AA rules (see browser.check_page). New pages are
covered as soon as a link leads to them. A link to a page that fails (404, 500) is a
problem too.

Bounds, to keep it fast: at most MAX_PER_ROUTE pages per URL pattern (two households
suffice to check the household page) and MAX_PAGES per user. The API documentation has
its own test (test_accessibility.py); logout and language switching are forms, not links.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from woonkans.accounts.models import User
from woonkans.demo import data
from woonkans.demo.constants import DEMO_PASSWORD
from woonkans.demo.services import demo_load

from .browser import HOME, login, page_problems, screenshot

pytestmark = pytest.mark.browser

MAX_PER_ROUTE = 2
MAX_PAGES = 40
SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/api/")


def links_on(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if f"{url.scheme}://{url.netloc}" != origin or url.path.startswith(SKIP_PREFIXES):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def crawl(page, username: str, origin: str) -> tuple[list[str], list[str]]:
    """Visit what ``username`` can reach from the home page; return (visited, problems)."""
    queue, seen, visited, problems = [HOME], set(), [], []
    per_route: Counter[str] = Counter()
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            route = resolve(urlsplit(path).path).view_name
        except Resolver404:
            problems.append(f"{path}: a link leads nowhere (no URL pattern)")
            continue
        if per_route[route] >= MAX_PER_ROUTE:
            continue
        per_route[route] += 1
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                problems.append(f"{path}: {error}")
            continue
        if response is None or response.status != 200:
            problems.append(f"{path}: HTTP {response.status if response else '?'}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        screenshot(page, f"demo-{username}-{route.replace(':', '-')}-{per_route[route]}")
        problems += [f"{path}: {problem}" for problem in page_problems(page)]
        queue += [link for link in links_on(page, origin) if link not in seen]
    return visited, problems


def test_every_page_the_demo_roles_reach_passes_the_checks(new_page, live_server):
    demo_load()
    report, problems = [], []
    for spec in data.USERS:
        page = new_page()
        login(page, User.objects.get(username=spec.username), password=DEMO_PASSWORD)
        visited, found = crawl(page, spec.username, live_server.url)
        assert visited, f"{spec.username} reached no page at all"
        report.append(f"{spec.username}: {len(visited)} pages")
        problems += [f"[{spec.username}] {problem}" for problem in found]
        page.context.close()
    print("\n".join(report))
    assert not problems, f"{len(problems)} problem(s):\n" + "\n\n".join(problems)
