"""What connections and cursors share: an engine session that close() ends, `with` support."""
from .errors import InterfaceError


class SessionHolder:
    """Holds `self._session`; `_kind` names the holder in the error for use after close()."""

    _kind = "session"
    _session = None

    def close(self):
        self._session = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _require_open(self):
        if self._session is None:
            raise InterfaceError(f"the {self._kind} is closed")
        return self._session
