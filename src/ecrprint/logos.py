"""Supporter logos made print-ready: converted to CMYK once, and cached by content."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageChops, ImageCms

from . import cachefiles
from .errors import BuildError
from .pdfcolour import INK_STRIP_PIXELS, image_math, ink_units, picture_ink

# Only these are opened: Pillow would hand an EPS file to Ghostscript, which runs its PostScript.
LOGO_FORMATS = ("PNG", "JPEG", "TIFF")
# A logo needs a few million pixels; a small file can declare far more and fill the memory.
MAX_LOGO_PIXELS = 40_000_000
# How far a gray pixel's red, green and blue may differ, in 255ths: an RGB JPEG of a black
# wordmark is not quite neutral.
NEUTRAL_TOLERANCE = 3
# Part of every cached logo's key: what is made of a logo changed (gray ones print in black alone).
LOGO_RECIPE = b"gray in black ink"


def logo_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a logo, or None: it must be a PNG, JPEG or TIFF image that Pillow
    reads without error and of at most MAX_LOGO_PIXELS pixels."""
    try:
        with Image.open(path, formats=LOGO_FORMATS) as image:
            if image.width * image.height > MAX_LOGO_PIXELS:
                return f"has {image.width} × {image.height} pixels, more than a logo needs (at most 40 megapixels)"
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises several kinds for files it cannot read
        return "is not a PNG, JPEG or TIFF image"
    return None


def limit_ink(image: Image.Image, limit: float) -> Image.Image:
    """A CMYK image whose pixels ask for at most ``limit`` per cent of ink (C + M + Y + K). Where
    a pixel asks for more, its cyan, magenta and yellow are scaled down together and its black
    kept, so that a dark stays as dark and as neutral as the press allows, as a RIP limits ink.
    Pixels within the limit keep their values, and an image within it is returned as it is.
    Worked in strips, as the preflight measures: 32-bit copies of a whole large logo are large."""
    units = int(limit * 2.55)  # rounded down: never over
    out = image
    rows = max(1, INK_STRIP_PIXELS // image.width)
    for top in range(0, image.height, rows):
        box = (0, top, image.width, min(top + rows, image.height))
        strip = image.crop(box)
        total = ink_units(strip)
        if total.getextrema()[1] <= units:
            continue
        k = strip.getchannel("K").convert("I")
        over = image_math(lambda a: a["t"] > units, f"t > {units}", t=total)
        colour = image_math(lambda a: a["t"] - a["k"] + (a["t"] == a["k"]), "t - k + (t == k)", t=total, k=k)
        room = image_math(lambda a: a["over"] * (units - a["k"]), f"over * ({units} - k)", over=over, k=k)
        bands = [
            image_math(
                lambda a: a["x"] + a["over"] * (a["x"] * a["room"] / a["colour"] - a["x"]),
                "x + over * (x * room / colour - x)",
                x=band.convert("I"),
                over=over,
                room=room,
                colour=colour,
            ).convert("L")
            for band in strip.split()[:3]
        ]
        if out is image:
            out = image.copy()
        out.paste(Image.merge("CMYK", [*bands, strip.getchannel("K")]), box)
    return out


def is_gray(image: Image.Image) -> bool:
    """Whether an image (flattened: no alpha) has no colour: black, white and grays only."""
    if image.mode in ("1", "L"):
        return True
    if image.mode != "RGB":
        return False
    red, green, blue = image.split()
    return all(
        ImageChops.difference(a, b).getextrema()[1] <= NEUTRAL_TOLERANCE for a, b in ((red, green), (green, blue))
    )


def _jpeg(image: Image.Image, dpi: tuple, ink_limit: float | None) -> bytes:
    """The image as a JPEG. Within an ink limit: JPEG's rounding lets a pixel stray a few per
    cent over the values it was given, so a limit that the JPEG overshoots is lowered by as much
    and the image encoded again, until the JPEG itself keeps it (within half a per cent)."""

    def encoded(picture: Image.Image) -> bytes:
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=95, dpi=dpi)
        return buffer.getvalue()

    if ink_limit is None or image.mode != "CMYK":  # gray: black ink alone, 100 % at most
        return encoded(image)
    target = ink_limit
    while True:
        jpeg = encoded(limit_ink(image, target))
        most = picture_ink(Image.open(io.BytesIO(jpeg)))
        if most <= ink_limit + 0.5 or target < ink_limit - 20:
            return jpeg
        target -= most - ink_limit


def cmyk_logo(source: Path, icc_profile: Path, cache_dir: Path, ink_limit: float | None = None) -> bytes:
    """A CMYK JPEG of ``source`` (transparency flattened on white), converted with the output
    intent's profile so that logos print as the shop's press expects, and held to the ink
    limit, if one is known; kept in the cache. A logo without colour is a grayscale JPEG,
    which prints in black ink alone: the profile would separate its black into all four inks
    (330 % on coated paper), which misregister on a small wordmark."""
    data = source.read_bytes()
    digest = hashlib.sha256(icc_profile.read_bytes()).digest() + LOGO_RECIPE
    if ink_limit is not None:
        digest += f"ink {ink_limit:g}".encode()
    key = hashlib.sha256(data + digest).hexdigest()[:20]
    target = cache_dir / "logos" / f"{key}.jpg"
    kept = cachefiles.read(target)
    if kept is not None:
        return kept
    try:
        image = Image.open(io.BytesIO(data), formats=LOGO_FORMATS)
        if image.width * image.height > MAX_LOGO_PIXELS:
            raise ValueError(f"{image.width} × {image.height} pixels")
        image.load()
    except Exception as exc:  # Pillow raises several kinds for unreadable images
        raise BuildError(f"{source}: cannot read logo image: {exc}") from None
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    if is_gray(image):
        image = image.convert("L")
    elif image.mode != "CMYK":
        image = image.convert("RGB")
        transform = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            ImageCms.ImageCmsProfile(str(icc_profile)),
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
        )
        image = ImageCms.applyTransform(image, transform)
    jpeg = _jpeg(image, image.info.get("dpi", (300, 300)), ink_limit)
    cachefiles.write(target, jpeg)
    return jpeg
