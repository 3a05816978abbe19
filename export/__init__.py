"""Everything that leaves the room: PDF, Markdown, JSON and the digest."""


class ExportCancelled(Exception):
    """The person stopped an export (the digest's Cancel); nothing was written."""
