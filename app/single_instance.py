"""One app per library: the first listens on a local socket named after the library; a second asks it
to come forward.

Whether another app has the library is decided by its lock (``storage.lock``),
which the kernel frees when a process ends however it ends; the socket only
carries the request to raise the window. Its name is a hash of the library's
resolved path, so two spellings of one file find each other. ``QtNetwork`` loads
only when a server starts (after the window shows) or a second app asks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

_ANSWER = b"raised\n"
ANSWER_WAIT_MS = 1500


def server_name(library: Path) -> str:
    """The local socket's name for ``library``."""
    import hashlib  # only when a server starts or a second app asks: not on the start-up path

    digest = hashlib.sha256(str(library.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return f"takeaways-{digest[:32]}"


class InstanceServer(QObject):
    """Listens for a second app on the same library and brings the window forward when one connects.

    The connection itself is the request (nothing to read, so nothing to race):
    the window comes forward and the answer goes back before the socket closes.
    """

    def __init__(self, library: Path, bring_forward: Callable[[], None]) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__()
        self._bring_forward = bring_forward
        self.server = QLocalServer(self)
        name = server_name(library)
        # Only the holder of the library's lock gets here: a socket left by a killed app is stale.
        QLocalServer.removeServer(name)
        self.server.listen(name)
        self.server.newConnection.connect(self._on_server_new_connection)

    def _on_server_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._bring_forward()
            socket.write(_ANSWER)
            socket.flush()
            socket.disconnectFromServer()
            socket.disconnected.connect(socket.deleteLater)


def ask_first_to_come_forward(library: Path) -> bool:
    """Ask the app that has ``library`` open to raise its window; True when it answered."""
    import time

    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(library))
    if not socket.waitForConnected(ANSWER_WAIT_MS):
        return False
    answer = b""
    deadline = time.monotonic() + ANSWER_WAIT_MS / 1000
    while not answer.endswith(b"\n") and time.monotonic() < deadline:
        socket.waitForReadyRead(50)
        answer += bytes(socket.readAll().data())
    socket.abort()
    return answer == _ANSWER
