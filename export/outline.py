"""Headings that are also entries in the PDF's outline (its bookmarks)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from export.text import clean


class Outlined(Flowable):
    """A flowable (a heading) that is also an entry in the PDF's outline, pointing at where it lands.

    Args:
        inner: The heading as it is drawn.
        title: The outline entry's text (user text is fine).
        level: 0 for a section, 1 for a part of one.
    """

    def __init__(self, inner: Flowable, title: str, level: int = 0) -> None:
        super().__init__()
        self.inner = inner
        self.title = " ".join(clean(title).split())[:200] or "Untitled"
        self.level = level
        self.keepWithNext = bool(inner.getKeepWithNext())  # type: ignore[no-untyped-call]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.inner.wrap(aW, aH)
        return self.width, self.height

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        parts = self.inner.split(aW, aH)
        if not parts:
            return []
        return [Outlined(parts[0], self.title, self.level), *parts[1:]]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        # Keys only need to be unique within one document; a count kept on the canvas makes
        # them the same on every run, as byte-identical output needs.
        number = getattr(self.canv, "_takeaways_outline_count", 0) + 1
        self.canv._takeaways_outline_count = number  # type: ignore[attr-defined]
        key = f"section-{number}"
        self.canv.bookmarkHorizontal(key, 0, self.height + 4)
        self.canv.addOutlineEntry(self.title, key, level=self.level, closed=self.level > 0)
        self.inner.drawOn(self.canv, 0, 0)


def outlined(inner: Flowable, title: str, level: int = 0) -> Outlined:
    """``inner`` (a heading) as an entry in the PDF's outline; see :class:`Outlined`."""
    return Outlined(inner, title, level)
