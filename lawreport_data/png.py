"""Chart images: a Plotly figure rendered to PNG (print resolution) or SVG by kaleido.

Kaleido drives a headless Chrome: the system Chromium (``/usr/bin/chromium``, or the one
``BROWSER_PATH`` names). Chinese needs CJK fonts on the machine (Debian: ``fonts-noto-cjk``)
and a font list that names them (``charts.FONT_FAMILY``). One kaleido server is started per
process on first use (a browser start costs ~2 s; a figure then ~0.2 s), without MathJax so
nothing is fetched from the network.

>>> fig = go.Figure(go.Bar(x=["a"], y=[1]))
>>> with_template(fig).layout.template.layout.font.family == charts.FONT_FAMILY
True
>>> image_name("1_accidents_compare", "svg")
'1_accidents_compare.svg'
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from . import charts

FORMATS = ("png", "svg")
PRINT_SCALE = 3  # 900×500 layout pixels → 2700×1500: 300 dpi at 23 cm wide
SYSTEM_CHROMIUM = "/usr/bin/chromium"
_lock = threading.Lock()
_render_lock = threading.Lock()


class ImageExportError(RuntimeError):
    """The chart could not be rendered (no Chromium, or the browser failed)."""


def browser_path() -> str | None:
    """The Chrome/Chromium kaleido will use: ``BROWSER_PATH``, else the system Chromium, else None."""
    for candidate in (os.environ.get("BROWSER_PATH"), SYSTEM_CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def start() -> None:
    """Start the process's kaleido server once (idempotent, thread-safe)."""
    import kaleido

    with _lock:
        if kaleido._global_server.is_running():
            return
        path = browser_path()
        if path is None:
            raise ImageExportError("Chromium not found: install chromium or set BROWSER_PATH")
        os.environ.setdefault("BROWSER_PATH", path)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def stop() -> None:
    """Stop the kaleido server (tests and the CLI call this when done)."""
    import kaleido

    with _lock, _render_lock:
        kaleido.stop_sync_server(silence_warnings=True)


def with_template(fig: go.Figure) -> go.Figure:
    """The figure with an explicit template: its own if it has one, else the house style.

    (Importing Streamlit changes Plotly's process-wide default template; an export must not
    depend on whether it was imported.)
    """
    current = fig.layout.template.to_plotly_json()
    default = pio.templates[pio.templates.default].to_plotly_json() if pio.templates.default else {}
    if not current or current == default:  # plotly filled in the process default: not chosen
        fig.update_layout(template=charts.TEMPLATE)
    return fig


def render(
    fig: go.Figure,
    fmt: str = "png",
    *,
    scale: float = PRINT_SCALE,
    width: int = charts.WIDTH,
    height: int = charts.HEIGHT,
) -> bytes:
    """The figure as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"image format must be one of {', '.join(FORMATS)}: {fmt!r}")
    import kaleido

    start()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    try:
        # kaleido's server answers through one shared queue: two threads (two dashboard users)
        # calling at once could receive each other's image, so calls go one at a time.
        with _render_lock:
            data = kaleido.calc_fig_sync(with_template(go.Figure(fig)), opts=opts)
    except Exception as exc:  # noqa: BLE001 - kaleido raises several kinds; the caller gets one
        raise ImageExportError(f"chart rendering failed: {exc}") from exc
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


BRIEFING_SIZE = (760, 430)  # layout px for a 15 cm picture: the chart's text stays legible


def without_title(fig: go.Figure) -> go.Figure:
    """A copy without its title (a Word caption carries it), the top margin trimmed.

    >>> f = go.Figure(layout=dict(title=dict(text="标题"), margin=dict(t=70)))
    >>> g = without_title(f); (g.layout.title.text, g.layout.margin.t, f.layout.title.text)
    (None, 30, '标题')
    """
    out = go.Figure(fig)
    out.update_layout(title_text=None, margin_t=30)
    return out


def image_name(name: str, fmt: str) -> str:
    return f"{name}.{fmt}"


def write_charts(specs: list[charts.ChartSpec], out_dir: Path, fmt: str = "png") -> list[Path]:
    """Render every chart into ``out_dir`` as ``<section>_<indicator>_<kind>.<fmt>``.

    Each file is written whole (to a temporary name, then renamed): never a half image.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in specs:
        data = render(spec.figure, fmt)
        path = out_dir / image_name(spec.name, fmt)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        paths.append(path)
    return paths
