"""Figures and the facts behind them, on the page the reader sees.

A figure is only stated exactly as a fact gives it, beside a citation of that fact, and only
once per page (where it teaches something). Facts whose notes forbid stating them alone (the
law on nude images of under-18s) are only cited beside their reassurance. The page shows
citations as "(publisher, year)", so which facts a paragraph cites is read from the authored
text the paragraph was rendered from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gta_course.content.page_text import Block, ReaderPage
from gta_course.model import Course
from gta_course.problems import Problem

# What counts as a figure: percentages, money, big or separated numbers, "N+" and "1 in N".
FIGURE = re.compile(
    r"\$\s?\d[\d,.]*(?:\s(?:million|billion))?"
    r"|\d[\d,.]*\s?(?:%|per ?cent\b)"
    r"|\b\d+(?:\.\d+)?\s(?:million|billion)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d+\+"
    r"|\b1 in \d+\b"
    r"|\b\d{3,}\b"
)
# Telephone numbers are not figures, whether or not a help service lists them: 306-555-0199,
# (306) 555-0199, +1 306 555 0199, 0800 1111. A trailing % or digit means a range of figures.
PHONE = re.compile(
    r"\+\d{1,3}(?:[ -]\d{2,4}){2,4}(?![\d%])"
    r"|\(\d{2,4}\)\s?\d{3,4}[ -]\d{3,4}(?![\d%])"
    r"|\b\d{3,5}-\d{3,4}(?:-\d{3,4})?(?![\d%])"
    r"|\b0\d{3} \d{3,4}(?: \d{3,4})?(?![\d%])"
)
NUMBER_RUN = re.compile(r"[$\d][\d,.]*")  # where a figure can start; fast to scan for
YEAR = re.compile(r"^(19|20)\d\d$")
DURATION_AFTER = re.compile(r"\s?-?\s?(?:minutes?|mins?|hours?)\b")  # "a 120-minute session" is no figure
NOT_COUNTED = {"meta"}  # the meta description is not read on the page


def _without_phones(course: Course, text: str) -> str:
    """The text with phone numbers blanked: help services' as the fact sheet gives them, and any other."""
    phones = sorted({h.phone for h in course.helplines if h.phone}, key=len, reverse=True)
    if phones:
        pattern = re.compile("|".join(re.escape(p) for p in phones))
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return PHONE.sub(lambda m: " " * len(m.group(0)), text)


def figures_in(text: str) -> Iterator[re.Match[str]]:
    """What `FIGURE.finditer(text)` finds, several times faster.

    FIGURE's alternatives begin with a digit or "$" (some after a word boundary), so a match can
    only start at the start of a run of digits, commas and points, or just after a comma or
    point inside one; FIGURE is tried only there. Its many alternatives make a scan of every
    position of a page slow.
    """
    end = 0
    for run in NUMBER_RUN.finditer(text):
        if run.start() < end:
            continue
        starts = [run.start()] + [
            q for q in range(run.start() + 1, run.end()) if text[q - 1] in ",." and text[q].isdigit()
        ]
        for start in starts:
            if start >= end and (match := FIGURE.match(text, start)):
                end = match.end()
                yield match


def check_figures(course: Course, page: ReaderPage) -> list[Problem]:
    """Every figure backed by a fact cited in the same paragraph, and no figure stated twice on a page."""
    text = _without_phones(course, page.reader)
    problems = []
    first_seen: dict[str, tuple[int, Block]] = {}  # figure -> where it was first stated
    backing: dict[Block, tuple[list[str], list[str]]] = {}  # block -> (cited fact ids, their figures)
    for match in figures_in(text):
        figure = match.group(0).strip().rstrip(".,")
        block = page.block_at(match.start())
        if block is None or YEAR.match(figure) or DURATION_AFTER.match(text, match.end()):
            continue
        if block not in backing:
            cited = [fid for fid in page.cited_facts(block) if fid in course.facts]
            backing[block] = (cited, [fig for fid in cited for fig in course.facts[fid].figures])
        cited_ids, figures = backing[block]
        pos = match.start()
        if _not_authored(page, pos):
            continue
        if not any(figure in fig for fig in figures):
            problems.append(
                page.problem(
                    pos,
                    figure,
                    f"figure '{figure}' is not backed by a fact cited in the same paragraph "
                    f"(cited: {', '.join(cited_ids) or 'none'})",
                    "write figures exactly as a fact's `figures` in facts.yaml and cite it with {fact}`id`",
                )
            )
        elif block.kind in NOT_COUNTED:
            continue
        elif figure not in first_seen:
            first_seen[figure] = (pos, block)
        elif first_seen[figure][1] != block:  # a fact may give one figure twice ("$850,000 ... or $850,000")
            problems.append(
                page.problem(
                    pos,
                    figure,
                    f"figure '{figure}' is stated more than once on the page (first at {page.where(first_seen[figure][0])})",
                    "state it once, where it teaches, and refer back to it in words",
                )
            )
    return problems


def _not_authored(page: ReaderPage, pos: int) -> bool:
    """Figures the author did not write: the template's own numbers ("Module 112") and help services
    and source titles copied from the fact sheet as written ("101 for non-emergencies")."""
    found = page.piece_at(pos)
    return found is None or found[0].collection in ("helplines", "sources")


def check_paired_facts(course: Course, page: ReaderPage) -> list[Problem]:
    """A fact that must not stand alone is cited only in a paragraph that also gives its partner."""
    pairings = {p.fact: p for p in course.rules.paired_facts}
    if not pairings:
        return []
    problems = []
    for block in page.blocks:
        cited = set(page.cited_facts(block))
        for fact_id in sorted(cited & set(pairings)):
            pairing = pairings[fact_id]
            text = " ".join(page.text(block).lower().replace("\u2019", "'").split())
            if cited & set(pairing.partners) or any(" ".join(s.lower().split()) in text for s in pairing.says):
                continue
            problems.append(
                page.problem(
                    _first_word(page, block),
                    page.text(block),
                    f"fact '{fact_id}' is cited without what must go with it in the same paragraph",
                    pairing.hint,
                )
            )
    return problems


def _first_word(page: ReaderPage, block: Block) -> int:
    """Offset of the first visible character of a block."""
    text = page.text(block)
    return block.start + len(text) - len(text.lstrip())
