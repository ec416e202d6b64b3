"""Supporter logos made print-ready: converted to CMYK once, and cached by content."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageCms

from . import cachefiles
from .errors import BuildError

# Only these are opened: Pillow would hand an EPS file to Ghostscript, which runs its PostScript.
LOGO_FORMATS = ("PNG", "JPEG", "TIFF")
# A logo needs a few million pixels; a small file can declare far more and fill the memory.
MAX_LOGO_PIXELS = 40_000_000


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


def cmyk_logo(source: Path, icc_profile: Path, cache_dir: Path) -> bytes:
    """A CMYK JPEG of ``source`` (transparency flattened on white), converted with the output
    intent's profile so that logos print as the shop's press expects; kept in the cache."""
    data = source.read_bytes()
    key = hashlib.sha256(data + hashlib.sha256(icc_profile.read_bytes()).digest()).hexdigest()[:20]
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
    if image.mode != "CMYK":
        image = image.convert("RGB")
        transform = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            ImageCms.ImageCmsProfile(str(icc_profile)),
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
        )
        image = ImageCms.applyTransform(image, transform)
    buffer = io.BytesIO()
    dpi = image.info.get("dpi", (300, 300))
    image.save(buffer, "JPEG", quality=95, dpi=dpi)
    cachefiles.write(target, buffer.getvalue())
    return buffer.getvalue()
