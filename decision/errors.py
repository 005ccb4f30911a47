"""Errors that the command line turns into one clear line and exit status 2.

Every reader and validator of user input raises :class:`InputError` with a message that names
the file, the row, column or key, and what was expected. Nothing else should reach the user as
a traceback: the CLI maps any other exception to exit status 1 ("internal error").
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad user input: a file, an option or a value that cannot be used as given.

    The message is a single line meant for a person, e.g.
    ``data.csv, row 4, column 'cost': 'abc' is not a number``.
    """

    def __init__(self, message: str) -> None:
        # One line: a multi-line message would break the "one clear line" promise of the CLI.
        super().__init__(" ".join(message.split()))
