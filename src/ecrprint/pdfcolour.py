"""What a PDF's pages draw with, walked as a CMYK press must know it: colour spaces and images."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .smalltype import MAX_FORM_DEPTH

if TYPE_CHECKING:
    import pikepdf


DEVICE_SPACES = ("/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern", "/G", "/RGB", "/CMYK")


# --- PDF structure ----------------------------------------------------------------------------


def inherited(obj: Any, key: str) -> Any:
    """A page attribute, looked up through the page tree as PDF inheritance says."""
    for _ in range(64):
        if obj is None:
            return None
        value = obj.get(key)
        if value is not None:
            return value
        obj = obj.get("/Parent")
    return None


def page_box(value: Any) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def walk_resources(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, Any]]:
    """(page number, category, object) for every font, graphics state, XObject, pattern and shading the pages'
    resources reach, through forms, patterns and Type 3 fonts; each indirect object once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, 1):
        stack = [inherited(page.obj, "/Resources")]
        while stack:
            resources = stack.pop()
            if not isinstance(resources, pikepdf.Dictionary):
                continue
            for category in ("/Font", "/ExtGState", "/XObject", "/Pattern", "/Shading"):
                group = resources.get(category)
                if not isinstance(group, pikepdf.Dictionary):
                    continue
                for _, obj in group.items():
                    if obj.is_indirect:
                        if obj.objgen in seen:
                            continue
                        seen.add(obj.objgen)
                    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                        continue
                    yield number, category, obj
                    sub = obj.get("/Resources")
                    if sub is not None:
                        stack.append(sub)


def groups(pdf: pikepdf.Pdf) -> Iterator[tuple[int, Any]]:
    """(page number, group dictionary) for every group the pages and their forms carry, and
    the groups of soft masks: what says in which colour space transparency is blended."""
    import pikepdf

    for number, page in enumerate(pdf.pages, 1):
        group = page.obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            yield number, group
    for number, category, obj in walk_resources(pdf):
        if category == "/XObject" and isinstance(obj.get("/Group"), pikepdf.Dictionary):
            yield number, obj.Group
        elif category == "/ExtGState" and isinstance(obj.get("/SMask"), pikepdf.Dictionary):
            form = obj.SMask.get("/G")
            if isinstance(form, pikepdf.Stream) and isinstance(form.get("/Group"), pikepdf.Dictionary):
                yield number, form.Group


def transparency(pdf: pikepdf.Pdf) -> dict[str, list[int]]:
    """What makes a document use transparency, each with the pages it is on: transparency
    groups (of pages and of forms), soft masks, opacity below 1, images with an alpha channel."""
    found: dict[str, list[int]] = {}
    for number, group in groups(pdf):
        if group.get("/S") == "/Transparency":
            found.setdefault("transparency group", []).append(number)
    for number, category, obj in walk_resources(pdf):
        if category == "/ExtGState":
            smask = obj.get("/SMask")
            if smask is not None and smask != "/None":
                found.setdefault("soft mask", []).append(number)
            for key in ("/ca", "/CA"):
                value = obj.get(key)
                if value is not None and float(value) != 1:
                    found.setdefault(f"opacity {key[1:]}={float(value):g}", []).append(number)
        elif category == "/XObject" and obj.get("/Subtype") == "/Image":
            if "/SMask" in obj or int(obj.get("/SMaskInData", 0)) != 0:
                found.setdefault("image with soft mask", []).append(number)
    return {what: sorted(set(numbers)) for what, numbers in found.items()}


DEVICE_INDEPENDENT = {"/Lab": "Lab", "/ICCBased": "ICCBased", "/CalRGB": "CalRGB", "/CalGray": "CalGray"}


def device_independent_spaces(pdf: pikepdf.Pdf) -> dict[str, int]:
    """The device-independent colour spaces (Lab, ICC-based, calibrated) anywhere in a
    document, used or not, each with how many objects hold one: what PDF/X-1a forbids. The
    output intent's profile is a stream, not a colour space, and is not counted; objects that
    nothing refers to any more, and that saving leaves out, are not read."""
    import pikepdf

    found: dict[str, int] = {}
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [pdf.trailer]
    while stack:
        item = stack.pop()
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Array):
            first = item[0] if len(item) else None
            family = DEVICE_INDEPENDENT.get(str(first)) if isinstance(first, pikepdf.Name) else None
            if family:
                found[family] = found.get(family, 0) + 1
            children = list(item)
        elif isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            children = list(item.values())
        else:
            continue
        stack.extend(c for c in children if isinstance(c, pikepdf.Array | pikepdf.Dictionary | pikepdf.Stream))
    return found


def shading_ink(shading: Any) -> float:
    """The most ink a CMYK shading asks for, in per cent, as far as its function tells it
    plainly: the end colours of an exponential function (type 2), and of each one a stitching
    function (type 3) joins. 0 for other spaces and functions (sampled ones are not read)."""
    import pikepdf

    if not cmyk_space(shading.get("/ColorSpace")):
        return 0.0
    most, functions = 0.0, [shading.get("/Function")]
    while functions:
        function = functions.pop()
        if isinstance(function, pikepdf.Array):
            functions.extend(function)  # one function per colour component: not summed here
            continue
        if not isinstance(function, pikepdf.Dictionary | pikepdf.Stream):
            continue
        kind = int(function.get("/FunctionType", -1))
        if kind == 2:
            for key, default in (("/C0", [0.0]), ("/C1", [1.0])):
                ends = function.get(key, default)
                if isinstance(ends, pikepdf.Array) and len(ends) == 4:
                    most = max(most, _sum(list(ends)))
        elif kind == 3 and isinstance(function.get("/Functions"), pikepdf.Array):
            functions.extend(function.Functions)
    return most


def rgb_space(space: Any) -> str | None:
    """The name of an RGB colour space (DeviceRGB, CalRGB, 3-component ICC, indexed on one), else None."""
    import pikepdf

    if isinstance(space, pikepdf.Name):
        return {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/CalRGB": "CalRGB"}.get(str(space))
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = space[0]
        if family == "/CalRGB":
            return "CalRGB"
        if family == "/ICCBased" and len(space) > 1:
            return "ICCBased RGB" if int(space[1].get("/N", 0)) == 3 else None
        if family in ("/Indexed", "/I") and len(space) > 1:
            base = rgb_space(space[1])
            return f"Indexed {base}" if base else None
        if family == "/Pattern" and len(space) > 1:
            return rgb_space(space[1])
        if family in ("/Separation", "/DeviceN") and len(space) > 2:  # a spot colour's stand-in
            base = rgb_space(space[2])
            return f"{str(family)[1:]} with a {base} alternate" if base else None
    return None


def lab_space(space: Any) -> str | None:
    """The label "Lab" for a Lab colour space (WeasyPrint's for CSS lab() and lch()), else None."""
    import pikepdf

    return "Lab" if isinstance(space, pikepdf.Array) and len(space) > 0 and space[0] == "/Lab" else None


def cmyk_space(space: Any) -> bool:
    """Whether a colour space is four-colour: DeviceCMYK, or a 4-component ICC space."""
    import pikepdf

    if isinstance(space, pikepdf.Name):
        return str(space) in ("/DeviceCMYK", "/CMYK")
    if isinstance(space, pikepdf.Array) and len(space) > 1 and space[0] == "/ICCBased":
        return int(space[1].get("/N", 0)) == 4
    return False


INK_STRIP_PIXELS = 1 << 20


def image_ink(image: Any) -> float:
    """The most ink, in per cent (C + M + Y + K), that any pixel of a CMYK image asks for;
    0 for an image that cannot be decoded here."""
    import pikepdf

    try:
        picture = pikepdf.PdfImage(image).as_pil_image()
    except Exception:  # noqa: BLE001 - pikepdf and Pillow raise several kinds for what they cannot decode
        return 0.0
    return picture_ink(picture)


def picture_ink(picture: Any) -> float:
    """The most ink, in per cent, that any pixel of a Pillow image asks for; 0 unless CMYK."""
    if picture.mode != "CMYK" or not picture.width:
        return 0.0
    most = 0
    rows = max(1, INK_STRIP_PIXELS // picture.width)  # in strips: 32-bit sums of a whole image are large
    for top in range(0, picture.height, rows):
        strip = picture.crop((0, top, picture.width, min(top + rows, picture.height)))
        most = max(most, ink_units(strip).getextrema()[1])
    return most / 2.55


def ink_units(picture: Any) -> Any:
    """Each pixel's C + M + Y + K of a CMYK image, in 255ths, as a 32-bit image."""
    c, m, y, k = (band.convert("I") for band in picture.split())
    return image_math(lambda a: a["c"] + a["m"] + a["y"] + a["k"], "c + m + y + k", c=c, m=m, y=y, k=k)


def image_math(function: Any, expression: str, **images: Any) -> Any:
    """Pillow's ImageMath on 32-bit bands: ``function`` where Pillow has ``lambda_eval`` (10.3
    and later), else the same ``expression`` as text."""
    from PIL import ImageMath

    if hasattr(ImageMath, "lambda_eval"):
        return ImageMath.lambda_eval(function, **images)
    return ImageMath.eval(expression, **images)  # Pillow before 10.3


def _sum(operands: Any) -> float:
    """The sum of a colour operator's numbers (a pattern's name after them aside)."""
    import pikepdf

    return sum(float(v) for v in operands if not isinstance(v, pikepdf.Name)) * 100


MAX_INFLATED = 256 << 20  # bytes inflated to tell whether a stream decodes: past this, it does


def inflates(data: bytes) -> bool:
    """Whether Flate data decodes, told without holding what it decodes to (a small stream can
    inflate to gigabytes)."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        chunk = inflater.decompress(data, 1 << 20)
        while True:
            total += len(chunk)
            if total > MAX_INFLATED or not inflater.unconsumed_tail:
                break
            chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
    except zlib.error:
        return False
    return inflater.eof or total > MAX_INFLATED


def interpolated(category: str, obj: Any) -> bool:
    """An image the RIP is asked to smooth: PDF/X-1a forbids it, and preflight profiles flag it."""
    return category == "/XObject" and obj.get("/Subtype") == "/Image" and bool(obj.get("/Interpolate", False))


class ColourScan:
    """Finds RGB colour in content streams: operators, colour spaces, images, shadings, forms and
    patterns; and the most ink any CMYK colour or image asks for (``ink``: per cent, the page
    and what it was, where first met)."""

    def __init__(self) -> None:
        self._cache: dict[tuple, frozenset[str]] = {}
        self._active: set[tuple[int, int]] = set()
        self._images: dict[tuple[int, int], float] = {}
        self.page = 0
        self.ink: tuple[float, int, str] = (0.0, 0, "")

    def run(self, content: Any, resources: Any, page: int = 0) -> set[str]:
        import pikepdf

        self.page = page
        return self._scan(content, resources, pikepdf.Name.DeviceGray, pikepdf.Name.DeviceGray, 0)

    def _inked(self, percent: float, what: str) -> None:
        if percent > self.ink[0] + 1e-9:
            self.ink = (percent, self.page, what)

    def _image_ink(self, image: Any) -> float:
        key = image.objgen if image.is_indirect else None
        if key is not None and key in self._images:
            return self._images[key]
        found = image_ink(image)
        if key is not None:
            self._images[key] = found
        return found

    def _nested(self, obj: Any, resources: Any, fill: Any, stroke: Any, depth: int) -> frozenset[str]:
        """Scan a form, tiling pattern or Type 3 glyph once per inherited colour state; cycles are skipped."""
        key = (obj.objgen, rgb_space(fill) is not None, rgb_space(stroke) is not None)
        if key in self._cache:
            return self._cache[key]
        if depth > MAX_FORM_DEPTH or (obj.is_indirect and obj.objgen in self._active):
            return frozenset()
        if obj.is_indirect:
            self._active.add(obj.objgen)
        try:
            found = frozenset(self._scan(obj, resources, fill, stroke, depth + 1))
        finally:
            self._active.discard(obj.objgen)
        if obj.is_indirect:
            self._cache[key] = found
        return found

    def _space(self, value: Any, resources: Any) -> Any:
        import pikepdf

        if isinstance(value, pikepdf.Name) and str(value) not in DEVICE_SPACES:
            spaces = resources.get("/ColorSpace") if resources is not None else None
            if isinstance(spaces, pikepdf.Dictionary) and value in spaces:
                return spaces[value]
        return value

    def _lookup(self, resources: Any, category: str, name: Any) -> Any:
        group = resources.get(category) if resources is not None else None
        return group.get(name) if group is not None else None

    def _scan(self, content: Any, resources: Any, fill: Any, stroke: Any, depth: int) -> set[str]:
        import pikepdf

        name = pikepdf.Name
        found: set[str] = set()
        stack: list[tuple[Any, Any]] = []
        for instruction in pikepdf.parse_content_stream(content):
            op = str(instruction.operator)
            operands = instruction.operands
            if op == "q":
                stack.append((fill, stroke))
            elif op == "Q":
                if stack:
                    fill, stroke = stack.pop()
            elif op in ("rg", "RG"):
                found.add(op)
                fill, stroke = (name.DeviceRGB, stroke) if op == "rg" else (fill, name.DeviceRGB)
            elif op in ("g", "G", "k", "K"):
                space = name.DeviceGray if op in ("g", "G") else name.DeviceCMYK
                fill, stroke = (space, stroke) if op.islower() else (fill, space)
                if op in ("k", "K"):
                    self._inked(_sum(operands), "colour")
            elif op in ("cs", "CS") and operands:
                space = self._space(operands[0], resources)
                fill, stroke = (space, stroke) if op == "cs" else (fill, space)
            elif op in ("sc", "scn", "SC", "SCN"):
                space = fill if op.islower() else stroke
                label = rgb_space(space) or lab_space(space)
                if label:
                    found.add(f"{op} in {label}")
                elif cmyk_space(space):
                    self._inked(_sum(operands), "colour")
                is_pattern = space == "/Pattern" or (isinstance(space, pikepdf.Array) and space[0] == "/Pattern")
                if is_pattern and operands and isinstance(operands[-1], pikepdf.Name):
                    pattern = self._lookup(resources, "/Pattern", operands[-1])
                    if pattern is not None:
                        found |= self._pattern(pattern, resources, fill, stroke, depth)
            elif op == "sh" and operands:
                shading = self._lookup(resources, "/Shading", operands[0])
                label = rgb_space(shading.get("/ColorSpace")) if shading is not None else None
                if label:
                    found.add(f"shading {label}")
                elif shading is not None:
                    self._inked(shading_ink(shading), "shading")
            elif op == "Do" and operands:
                xobject = self._lookup(resources, "/XObject", operands[0])
                if xobject is None:
                    continue
                subtype = xobject.get("/Subtype")
                if subtype == "/Image":
                    label = None if xobject.get("/ImageMask") else rgb_space(xobject.get("/ColorSpace"))
                    if label:
                        found.add(f"image {label}")
                    elif not xobject.get("/ImageMask") and cmyk_space(xobject.get("/ColorSpace")):
                        self._inked(self._image_ink(xobject), "image")
                elif subtype == "/Form":
                    inner = xobject.get("/Resources") or resources
                    found |= self._nested(xobject, inner, fill, stroke, depth)
            elif op == "INLINE IMAGE" and operands:
                image = operands[0].obj
                if not image.get("/ImageMask"):
                    label = rgb_space(self._space(image.get("/ColorSpace"), resources))
                    if label:
                        found.add(f"inline image {label}")
            elif op == "Tf" and operands:
                font = self._lookup(resources, "/Font", operands[0])
                if font is not None and font.get("/Subtype") == "/Type3":
                    inner = font.get("/Resources") or resources
                    for _, glyph in (font.get("/CharProcs") or {}).items():
                        found |= self._nested(glyph, inner, fill, stroke, depth)
        return found

    def _pattern(self, pattern: Any, resources: Any, fill: Any, stroke: Any, depth: int) -> set[str]:
        if int(pattern.get("/PatternType", 0)) == 2:
            shading = pattern.get("/Shading")
            label = rgb_space(shading.get("/ColorSpace")) if shading is not None else None
            if shading is not None and not label:
                self._inked(shading_ink(shading), "shading")
            return {f"shading pattern {label}"} if label else set()
        inner = pattern.get("/Resources") or resources
        return set(self._nested(pattern, inner, fill, stroke, depth))
