"""Text without a place to break a line: a 300-letter word and a long URL, for the pages and
the PDFs that must wrap them rather than grow past the window or off the paper."""

import re

LONG_WORD = ("Samskabelsesinnovationsudviklingsprocesevalueringsrapport" * 6)[:300]
LONG_URL = "https://www.gentofte.dk/da/Borger/Sundhed?soeg=" + "velfaerdsteknologi" * 14
# More characters than one line of an A4 page holds at the documents' type sizes (about 95
# at 10.5 pt): a run this long on one line has run off the paper.
A4_LINE = 120


def longest_piece_per_line(text: str, word: str) -> int:
    """The longest run of ``word``'s letters on one line of ``text``, after checking that the
    whole word is in the text once the line breaks are taken out."""
    assert word in re.sub(r"\s+", "", text)
    pieces = [run for line in text.splitlines() for run in line.split() if run in word]
    return max(len(piece) for piece in pieces)
