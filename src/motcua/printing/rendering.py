"""Templates → HTML → PDF.

Every form, built-in or overridden, is rendered by ONE restricted template engine: its only
loader holds the built-in form templates (so an override may extend `printing/base.html`, and
can include nothing else: no file system, no other app's templates), its only loadable tag
library is `printing`, and the `debug` tag is removed. WeasyPrint then lays the HTML out with
the project's print stylesheet and the page size of the form; it fetches nothing from the
network or the disk (only `data:` URIs, which is how the QR code is embedded). Fonts come from
the system through fontconfig (Liberation Serif, metric-compatible with Times New Roman, the
font of Vietnamese administrative documents; DejaVu as the fallback).
"""

import functools
import threading
from pathlib import Path

from django.template import Context, Engine, Library, defaulttags

# WeasyPrint takes a second to import: it is imported on the first render, not when Django
# starts (every command and test would pay for it).

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "printing"
STYLESHEET = TEMPLATE_DIR / "forms.css"

#: The only tag libraries a template may `{% load %}`.
ALLOWED_LIBRARIES = {"printing": "motcua.printing.templatetags.printing"}

#: Built-in tags a template may not use: `debug` prints the whole context and module list.
FORBIDDEN_TAGS = ("debug",)

PAGE_SIZES = {"A5": "A5 portrait", "A4": "A4 portrait", "A4 landscape": "A4 landscape"}


def _builtin_sources() -> dict[str, str]:
    return {
        f"printing/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted(TEMPLATE_DIR.glob("*.html"))
    }


def _safe_tags() -> Library:
    library = Library()
    library.tags = {k: v for k, v in defaulttags.register.tags.items() if k not in FORBIDDEN_TAGS}
    library.filters = dict(defaulttags.register.filters)
    return library


@functools.cache
def engine() -> Engine:
    """The restricted engine (debug on: errors carry the line they happened at)."""
    restricted = Engine(
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", _builtin_sources())],
            )
        ],
        libraries=ALLOWED_LIBRARIES,
        debug=True,
        autoescape=True,
        string_if_invalid="",
    )
    restricted.template_builtins = [
        _safe_tags() if library is defaulttags.register else library
        for library in restricted.template_builtins
    ]
    return restricted


MAX_COMPILED = 256
_compiled: dict[str, object] = {}
_compiled_lock = threading.Lock()


def compile_override(text: str):
    """A stored override, compiled once per process for each distinct text."""
    with _compiled_lock:
        template = _compiled.get(text)
    if template is None:
        template = engine().from_string(text)
        with _compiled_lock:
            if len(_compiled) >= MAX_COMPILED:  # withdrawn versions pile up: start afresh
                _compiled.clear()
            _compiled[text] = template
    return template


def render_html(context: dict, *, template_name: str | None = None, template=None) -> str:
    if template is None:
        template = engine().get_template(template_name)
    return template.render(Context(context, autoescape=True))


# --- PDF ------------------------------------------------------------------------------------

_font_config_local = threading.local()


def _font_config():
    """WeasyPrint's FontConfiguration holds fontconfig state: one per thread, kept across
    renders, with the parsed stylesheets that refer to it."""
    config = getattr(_font_config_local, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _font_config_local.config = FontConfiguration()
        _font_config_local.css = {}
    return config


def _page_css(page: str) -> str:
    """The paper size; page numbers on the tracking book, the one form that runs long."""
    rule = f"@page {{ size: {PAGE_SIZES[page]}; "
    if page == "A4 landscape":
        rule += (
            '@bottom-right { content: "Trang " counter(page) "/" counter(pages); '
            "font-size: 7.5pt; color: #444; } "
        )
    return rule + "}"


def _stylesheets(page: str) -> list:
    config = _font_config()
    cache = _font_config_local.css
    if page not in cache:
        from weasyprint import CSS

        cache[page] = [
            CSS(filename=str(STYLESHEET), font_config=config, url_fetcher=_fetcher()),
            # Last, so that no template changes the paper size the law gives the form.
            CSS(string=_page_css(page), font_config=config),
        ]
    return cache[page]


def _fetcher():
    """Nothing is fetched but `data:` URIs: no network, no file of the server."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, timeout=1)


def html_to_pdf(html: str, *, page: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=None, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=_stylesheets(page), font_config=_font_config())
