"""The fonts a PDF is set in: the shipped DejaVu Sans family, and a system CJK font where one is found."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import resources

SANS = "TakeawaysSans"
"""The body family's regular face, as paragraph styles name it."""
SANS_BOLD = "TakeawaysSans-Bold"
SANS_ITALIC = "TakeawaysSans-Oblique"
SANS_BOLD_ITALIC = "TakeawaysSans-BoldOblique"

_SHIPPED = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

# Fonts with CJK glyphs in TrueType outlines (reportlab cannot embed CFF/PostScript outlines, so
# most Noto CJK and Source Han files are tried and quietly passed over). The first that loads wins.
CJK_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "C:/Windows/Fonts/meiryo.ttc",
)
"""Where CJK fonts usually live on Linux, macOS and Windows, in order of preference."""


@dataclass(frozen=True)
class Face:
    """A registered font and the characters it has glyphs for.

    Attributes:
        name: The name paragraph markup uses (``<font face="…">``).
        covers: Code points the font has a glyph for.
    """

    name: str
    covers: frozenset[int] = field(repr=False)

    def has(self, char: str) -> bool:
        """Whether the font can draw ``char``."""
        return ord(char) in self.covers


@functools.cache
def body_face() -> Face:
    """The shipped DejaVu Sans family, registered once; the face every text starts in.

    DejaVu covers Latin, Greek, Cyrillic, Hebrew, Arabic (unshaped) and many symbols.
    """
    fonts = {}
    for name, file in _SHIPPED.items():
        with resources.path(f"fonts/{file}").open("rb") as stream:
            fonts[name] = TTFont(name, stream)
        pdfmetrics.registerFont(fonts[name])
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    return Face(SANS, frozenset(fonts[SANS].face.charToGlyph))


def cjk_candidates() -> Sequence[str]:
    """The CJK font files present on this computer, in order of preference.

    ``TAKEAWAYS_CJK_FONT`` names one more file to try first.
    """
    extra = os.environ.get("TAKEAWAYS_CJK_FONT", "")
    return _present(((extra,) if extra else ()) + CJK_CANDIDATES)


@functools.cache
def _present(paths: tuple[str, ...]) -> tuple[str, ...]:
    # Looked up once: text with a character DejaVu lacks asks for every paragraph.
    return tuple(path for path in paths if Path(path).is_file())


def fallback_faces() -> list[Face]:
    """Faces to try, in order, for a character the body face lacks: the first CJK font that loads."""
    for path in cjk_candidates():
        face = _load_fallback(path)
        if face is not None:
            return [face]
    return []


@functools.cache
def _load_fallback(path: str) -> Face | None:
    name = f"TakeawaysFallback{len(_loaded_names)}"
    try:
        font = TTFont(name, path)
    except Exception:  # a CFF font, a broken file, an unreadable one: try the next
        return None
    pdfmetrics.registerFont(font)
    # One face stands in for all four styles: bold and italic text stays legible, just not bold.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    _loaded_names.append(name)
    return Face(name, frozenset(font.face.charToGlyph))


_loaded_names: list[str] = []


def face_for(char: str, body: Face, fallbacks: Sequence[Face]) -> Face:
    """The face to set ``char`` in: the body face when it has the glyph, else the first fallback that does.

    When none has it the body face draws its missing-glyph box: text is never dropped and
    never stops the export.
    """
    if body.has(char):
        return body
    return next((face for face in fallbacks if face.has(char)), body)
