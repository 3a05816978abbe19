"""Everything that leaves the room: PDF, Markdown, JSON and the digest."""
