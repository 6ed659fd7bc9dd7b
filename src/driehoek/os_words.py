"""Why a file could not be read, in the user's language.

`OSError.strerror` is the C library's English ("No such file or directory"), which stood in
the middle of a Dutch sentence. The reasons a user meets when naming a file to read get words
of their own; any other keeps the system's text.
"""

from __future__ import annotations

import errno

from driehoek.i18n import Catalogue
from driehoek.text import clean_line

_KNOWN = {
    errno.ENOENT: "missing",
    errno.EACCES: "no_access",
    errno.EPERM: "no_access",
    errno.EISDIR: "folder",
    errno.ENOTDIR: "not_a_folder",
    errno.ELOOP: "loop",
    errno.ENAMETOOLONG: "too_long",
}


def why(error: OSError, t: Catalogue) -> str:
    """A few words for the middle of a sentence: `bestaat niet`, `geen toegang`, ..."""
    known = _KNOWN.get(error.errno or 0)
    if known is not None:
        return t(f"oserror.{known}")
    return clean_line(error.strerror or str(error))
