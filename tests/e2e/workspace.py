"""What the browser tests of the staff workspace share: signing in as someone, and the
accessibility check every main screen passes (issue 7: labels, focus order, contrast).

Import the functions; they take Playwright's `page` and pytest-django's `live_server`.
"""

from axe_playwright_python.sync_playwright import Axe

from factories.accounts import PASSWORD

#: The axe-core rules that carry the three things the issue names, plus the basic structure a
#: screen-reader user relies on. Run on every main screen.
AXE_RULES = (
    "label",
    "label-title-only",
    "select-name",
    "button-name",
    "link-name",
    "input-button-name",
    "color-contrast",
    "tabindex",
    "duplicate-id-aria",
    "aria-valid-attr",
    "aria-required-attr",
    "document-title",
    "html-has-lang",
    "image-alt",
    "list",
    "listitem",
    "th-has-data-cells",
)

_axe = Axe()


def sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login page; the browser then holds the staff session."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số định danh").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def accessibility_violations(page) -> list[str]:
    """axe-core's violations of AXE_RULES on the page as it is now, one line each."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "rule", "values": list(AXE_RULES)}},
    )
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']}: {node['target']} — {node['failureSummary']}")
    return lines


def focus_order_problems(page, limit: int = 80) -> list[str]:
    """Tab through the page: every stop must be a visible element, shown with a focus outline,
    and the stops must follow the reading order (top to bottom, never jumping back up by more
    than a line inside one region), so a keyboard user meets things in the order they read."""
    page.locator("body").focus()
    problems, seen, previous = [], set(), None
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const box = el.getBoundingClientRect();
                const style = getComputedStyle(el);
                return {
                    key: (el.id || el.name || el.textContent || el.tagName).trim().slice(0, 40)
                        + '@' + Math.round(box.top + window.scrollY) + ',' + Math.round(box.left),
                    top: box.top + window.scrollY, height: box.height, width: box.width,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== 'none',
                    region: (el.closest('nav, main, header, footer, dialog') || {}).tagName || '',
                };
            }"""
        )
        if stop is None or stop["key"] in seen:
            break
        seen.add(stop["key"])
        if stop["width"] == 0 or stop["height"] == 0:
            problems.append(f"invisible focus stop {stop['key']}")
        if not (stop["outline"] or stop["shadow"]):
            problems.append(f"no visible focus indicator on {stop['key']}")
        if (
            previous
            and previous["region"] == stop["region"]
            and stop["top"] < previous["top"] - max(previous["height"], 40)
        ):
            problems.append(f"focus jumps back up from {previous['key']} to {stop['key']}")
        previous = stop
    return problems


def assert_accessible(page) -> None:
    """The check each main screen passes: no axe violation, a sane keyboard path."""
    violations = accessibility_violations(page)
    assert not violations, "accessibility violations:\n" + "\n".join(violations)
    problems = focus_order_problems(page)
    assert not problems, "keyboard focus problems:\n" + "\n".join(problems)
