"""Draw the favicon as PNG and ICO with Pillow: the house of
``src/woonkans/static/woonkans/favicon.svg`` (white on the header's blue, #01689b), on the
same 64-unit grid. Run from the repository root: ``.venv/bin/python scripts/make_favicon.py``.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path("src/woonkans/static/woonkans")
BLUE, WHITE = (1, 104, 155, 255), (255, 255, 255, 255)
S = 16  # draw at 16x the 64-unit grid, then downsample


def draw():
    img = Image.new("RGBA", (64 * S, 64 * S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, 64 * S - 1, 64 * S - 1], radius=12 * S, fill=BLUE)
    house = [
        (32, 10), (8, 31), (15, 31), (15, 54), (29, 54), (29, 40),
        (35, 40), (35, 54), (49, 54), (49, 31), (56, 31),
    ]  # fmt: skip
    d.polygon([(x * S, y * S) for x, y in house], fill=WHITE)
    return img


def main():
    big = draw()
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180)):
        big.resize((size, size), Image.LANCZOS).save(OUT / name, optimize=True)
    ico = big.resize((256, 256), Image.LANCZOS)
    ico.save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
