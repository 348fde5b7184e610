"""Imported once by the PDF fork server (see ``innovation.pdf._context``): the fonts, the
fetcher and the parsed print stylesheet are ready in every child that renders parts."""

from innovation import pdf

pdf._tools()
