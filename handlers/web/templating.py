"""HTML pages from the templates beside this module, every echoed value escaped.

Jinja2 with autoescaping: the pages echo query parameters, Zoom names and settings, and one
escaping rule applied by the engine is safer than remembering `html.escape` at each spot;
template inheritance gives the setup page and every OAuth result page one layout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"
# No scripts, no third-party assets: only our inline stylesheet may apply.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@cache
def environment() -> Environment:
    """The template environment (built once, on first use)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    template: str,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **values: Any,
) -> HTMLResponse:
    """Render a template into a response with the security headers (`headers` override them)."""
    body = environment().get_template(template).render(**values)
    return HTMLResponse(
        body, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})}
    )
