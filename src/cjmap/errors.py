"""The project's exceptions. Each carries one complete sentence for the user."""


class CjmapError(Exception):
    """Base class: `str(error)` is the message shown to the user as is."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class UsageError(CjmapError):
    """A bad option, a path that does not exist, a bad configuration (exit 2)."""
