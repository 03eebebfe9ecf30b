"""Tables for the PDF with their column widths planned before rendering.

WeasyPrint does not implement `word-break: keep-all`: left alone it breaks Korean between any
two syllables, and an auto-sized table squeezes amounts onto two lines. So each column's width is
planned here from the widest text it must hold, measured with the font the PDF embeds, and the
template sets those widths with `table-layout: fixed` and keeps every word whole (the `words`
filter in reports/templatetags/pdf.py). Numbers, codes and short labels stay on one line; the one
flexible column (a name) takes the remaining width and wraps between words only.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from fontTools.ttLib import TTFont

MM_PER_PT = 25.4 / 72
# Table text sizes and cell padding; the PDF template's CSS reads the same values.
BODY_PT = 8.5
UNIT_PT = 7.5
PADDING_MM = 1.6
# The smallest the table text gets to fit the page.
MIN_BODY_PT = 6.5
# Measured widths are exact for the glyphs; kerning and rounding get a little room.
SLACK = 1.04
SLACK_MM = 0.8


@dataclass
class Column:
    """One column: its label, the unit printed under it, how its cells behave, its width."""

    label: str
    unit: str = ""
    numeric: bool = False  # right-aligned, tabular figures, never wrapped
    wraps: bool = False  # the flexible column: takes the remaining width, wraps between words
    centered: bool = False  # short codes and labels: registration numbers, years, units
    width_mm: float = 0.0

    @property
    def css_class(self) -> str:
        if self.numeric:
            return "num"
        return "wrap" if self.wraps else ("keep mid" if self.centered else "keep")


@dataclass
class Table:
    """A table of text cells, already formatted; `plan` sets each column's width."""

    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    # Rows set apart at the end (a total), laid out like the others.
    footer: list[list[str]] = field(default_factory=list)
    # Set by `plan`: smaller than BODY_PT only where the table would not fit otherwise.
    font_pt: float = BODY_PT

    @property
    def body(self) -> list[list[tuple[str, str]]]:
        """The rows as (text, CSS class of its column) pairs, for the template."""
        return self._styled(self.rows)

    @property
    def total(self) -> list[list[tuple[str, str]]]:
        return self._styled(self.footer)

    def _styled(self, rows) -> list[list[tuple[str, str]]]:
        classes = [column.css_class for column in self.columns]
        return [list(zip(row, classes, strict=True)) for row in rows]

    def plan(self, measure: "TextMeasure", width_mm: float) -> "Table":
        plan_widths(self, measure, width_mm)
        return self

    def parts(self, rows: int) -> list["Table"]:
        """The table cut into tables of at most `rows` rows, with the same columns, widths and
        text size (plan first), the footer in the last."""
        cut = [self.rows[start : start + rows] for start in range(0, len(self.rows), rows)]
        last = len(cut) - 1
        return [
            Table(self.columns, chunk, self.footer if index == last else [], self.font_pt)
            for index, chunk in enumerate(cut)
        ] or [self]


class TextMeasure:
    """Advance widths of text in the PDF's fonts, in millimetres."""

    def __init__(self, regular: str, bold: str):
        self.fonts = {False: _metrics(regular), True: _metrics(bold)}

    def width(self, text: str, size_pt: float, *, bold: bool = False) -> float:
        advances, fallback, units_per_em = self.fonts[bold]
        units = sum(advances.get(ord(char), fallback) for char in text)
        return units / units_per_em * size_pt * MM_PER_PT

    def widest_word(self, text: str, size_pt: float, *, bold: bool = False) -> float:
        return max((self.width(word, size_pt, bold=bold) for word in text.split()), default=0.0)


@lru_cache(maxsize=4)
def _metrics(path: str) -> tuple[dict[int, int], int, int]:
    """(code point → advance, the advance of a Hangul syllable for missing glyphs, units/em)."""
    font = TTFont(path, lazy=True)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return advances, advances.get(ord("가"), font["head"].unitsPerEm), font["head"].unitsPerEm


def plan_widths(table: Table, measure: TextMeasure, width_mm: float) -> None:
    """Give each column the width of its widest cell and header on one line; the wrapping
    column gets what remains, at least its longest word. Where that does not fit, headers wrap
    between words, and if it still does not, the table's text is set smaller (down to
    MIN_BODY_PT) rather than run into the margin. Width to spare is shared in proportion."""
    widths = _widths(table, measure, table.font_pt, width_mm)
    padding = len(widths) * _cell(0.0)
    # Text widths scale with the size, the padding does not: a few rounds converge.
    for _round in range(4):
        if sum(widths) <= width_mm or table.font_pt <= MIN_BODY_PT:
            break
        scale = (width_mm - padding) / (sum(widths) - padding)
        table.font_pt = max(table.font_pt * scale, MIN_BODY_PT)
        widths = _widths(table, measure, table.font_pt, width_mm)
    spare, planned = width_mm - sum(widths), sum(widths)
    if spare > 0:
        widths = [width + spare * width / planned for width in widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width_mm = round(width, 2)


def _widths(table: Table, measure: TextMeasure, size: float, width_mm: float) -> list[float]:
    """The narrowest widths that keep every cell on one line and every word whole, the
    headers on one line where the table allows it."""
    unit_size = size * UNIT_PT / BODY_PT
    rows = table.rows + table.footer
    needs, narrow, flex, flex_minimum = [], [], None, 0.0
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in rows]
        body = max((measure.width(cell, size) for cell in cells), default=0.0)
        unit = measure.width(column.unit, unit_size)
        label_word = measure.widest_word(column.label, size, bold=True)
        needs.append(_cell(max(body, measure.width(column.label, size, bold=True), unit)))
        # The width if the header wraps between words and the cells stay on one line.
        narrow.append(_cell(max(body, label_word, unit)))
        if column.wraps:
            flex = index
            words = max((measure.widest_word(cell, size) for cell in cells), default=0.0)
            flex_minimum = _cell(max(words, label_word, unit))
    widths = list(needs)
    if flex is not None:
        widths[flex] = flex_minimum
    if sum(widths) > width_mm:
        widths = [flex_minimum if index == flex else need for index, need in enumerate(narrow)]
    if flex is not None:
        # The flexible column gets what remains, up to the width of its longest cell.
        room = width_mm - sum(widths) + flex_minimum
        widths[flex] = max(flex_minimum, min(needs[flex], room))
    return widths


def _cell(text_mm: float) -> float:
    return text_mm * SLACK + SLACK_MM + 2 * PADDING_MM
