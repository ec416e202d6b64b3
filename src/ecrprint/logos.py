"""Supporter logos made print-ready: converted to CMYK once, and cached by content."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageCms

from .errors import BuildError
from .output import atomic_write


def cmyk_logo(source: Path, icc_profile: Path, cache_dir: Path) -> Path:
    """A CMYK JPEG of ``source`` (transparency flattened on white), converted with the output
    intent's profile so that logos print as the shop's press expects."""
    data = source.read_bytes()
    key = hashlib.sha256(data + hashlib.sha256(icc_profile.read_bytes()).digest()).hexdigest()[:20]
    target = cache_dir / "logos" / f"{key}.jpg"
    if target.is_file():
        return target
    try:
        image = Image.open(io.BytesIO(data))
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
    atomic_write(target, buffer.getvalue())
    return target
