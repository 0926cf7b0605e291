"""Draw the app's icons once: ``python pwa/make_icons.py`` (Pillow, which matplotlib
already brings). The PNGs are committed; run this again only to change the design.

A white "H" with a small arc (a hip joint's ball) on the app's teal. The maskable
icon fills the whole square and keeps the mark inside the central 80 % circle that
every launcher's mask leaves visible.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (31, 95, 91)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent / "static" / "pwa" / "icons"


def mark(draw: ImageDraw.ImageDraw, size: int, scale: float) -> None:
    """The H and the ball, drawn within `scale` of the square, centred."""
    unit = size * scale / 10
    left = (size - 10 * unit) / 2
    top = left

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (left + x0 * unit, top + y0 * unit, left + x1 * unit, top + y1 * unit)

    draw.rectangle(box(2, 2, 3.6, 8), fill=WHITE)
    draw.rectangle(box(6.4, 2, 8, 8), fill=WHITE)
    draw.rectangle(box(3.6, 4.3, 6.4, 5.7), fill=WHITE)
    draw.ellipse(box(4.2, 1.6, 5.8, 3.2), fill=WHITE)


def icon(size: int, *, maskable: bool) -> Image.Image:
    image = Image.new("RGB", (size, size), TEAL if maskable else WHITE)
    draw = ImageDraw.Draw(image)
    if maskable:
        mark(draw, size, 0.62)
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=TEAL)
        mark(draw, size, 0.8)
    # A few colours only: a palette PNG is a fraction of the size.
    return image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    icon(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
