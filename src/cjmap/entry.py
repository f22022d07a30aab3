"""How cjmap starts and ends: run the command line, and turn every failure
into a message and an exit code: never a traceback."""

from __future__ import annotations

import sys
from typing import Any

from cjmap.errors import CjmapError

EXIT_OK, EXIT_USAGE, EXIT_BUG = 0, 2, 3


def main() -> None:
    """Entry point: no traceback ever reaches the user."""
    from cjmap.messages import error
    from cjmap.streams import ReaderGone, guarded_stdout, silence_stdout
    from cjmap.writes import OutputError

    try:
        with guarded_stdout():
            code = _run_app()
    except OutputError as err:
        error(str(err), err.hint)
        _flush_or_silence(silence_stdout)
        code = err.exit_code
    except CjmapError as err:
        error(str(err), err.hint)
        code = err.exit_code
    except KeyboardInterrupt:
        code = 130
    except (ReaderGone, BrokenPipeError):
        # The reader (`| head`) went away; stop without a second error.
        silence_stdout()
        code = EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence
        error(f"internal error: {type(err).__name__}: {err}",
              "this is a bug in cjmap; please report it with the file that caused it")
        code = EXIT_BUG
    sys.exit(code)


def _run_app() -> int:
    """Run the command; typer reports bad options itself, with exit code 2."""
    from cjmap import cli

    try:
        cli.app()
    except SystemExit as done:
        code = done.code
        if code is None or isinstance(code, int):
            return code or EXIT_OK
        print(code, file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _flush_or_silence(silence: Any) -> None:
    """What was printed before a failed write still reaches the screen, unless
    the screen is what failed."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):
        silence()
