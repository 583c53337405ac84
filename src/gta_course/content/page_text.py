"""What the reader sees: a lesson page rendered as built, turned into plain text that knows its source.

Checks on words, figures and reading level must judge the page a reader meets, template text
included (content note, headings, help list, table cells, quiz labels), or a template change
could break a rule unseen. They must also point an author at the line to edit. So the page is
rendered once from a copy of the course in which every authored string is wrapped in invisible
markers naming where it was written; the markers are then taken out, giving the exact page the
build writes plus a list of spans. Markup is blanked to spaces rather than removed, so the reader
text has the same offsets as the page and any match maps back through the spans to `path:line`
(or to the template, for text no content file wrote).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from gta_course.content.loader import LoadedCourse
from gta_course.content.yaml_file import Origin
from gta_course.model import AuthoredText, Course, Lesson
from gta_course.problems import Problem, display_path
from gta_course.render.myst import ENV, render_lesson_page
from gta_course.tailor import cited_fact_ids, tailor_lesson

START, SEP, END = "\ue000", "\ue001", "\ue002"  # private-use characters: never in content
MARK = re.compile(f"{START}(\\d+){SEP}|{END}")
PAGE_TEMPLATES = ("lesson.md.j2", "help.md.j2", "help_countries.md.j2", "help_checked.md.j2")  # a lesson page

BlockKind = Literal["meta", "heading", "label", "paragraph", "item", "cell"]


@dataclass(frozen=True)
class Piece:
    """A string the page shows and where it was written; `quoted` marks words that are not ours.

    Quoted pieces are an activity's 'don't say' examples and the titles of publications cited.
    """

    origin: Origin
    loc: tuple[str | int, ...]
    text: str
    quoted: bool = False
    body_file: str = ""

    @classmethod
    def of(cls, origin: Origin, lesson: Lesson, part: AuthoredText) -> Piece:
        """The piece for one of a lesson's authored texts; a section body may live in its own file."""
        body_file = ""
        if part.loc[0] == "sections" and part.loc[-1] == "body":
            body_file = lesson.sections[int(part.loc[1])].body_file
        return cls(origin, part.loc, part.text, part.quoted, body_file)

    @property
    def collection(self) -> str:
        """The collection the piece belongs to (`lessons`, `helplines`, `sources`...)."""
        return str(self.origin.loc[0]) if self.origin.loc else ""

    def problem(self, line: int, message: str, hint: str) -> Problem:
        """A problem on the 0-based `line` of this piece: block scalars start below their key."""
        if self.body_file:
            path = self.origin.doc.path.parent / self.body_file
            return Problem(display_path(path), line + 1, message, hint)
        problem = self.origin.problem(self.loc, message, hint)
        if "\n" in self.text.rstrip("\n"):
            return Problem(problem.path, problem.line + 1 + line, message, hint)
        return problem


@dataclass(frozen=True)
class Span:
    """Where in the page one piece was rendered."""

    start: int
    end: int
    piece: int


@dataclass(frozen=True)
class Block:
    """A unit of reader text (a paragraph, list item, heading, table cell...), by offsets into the page."""

    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True)
class ReaderPage:
    """A rendered lesson page, its reader text (same offsets, markup blanked) and the map back to sources."""

    lesson: Lesson
    markdown: str
    reader: str
    blocks: tuple[Block, ...]
    spans: tuple[Span, ...]
    pieces: tuple[Piece, ...]
    overlaps: dict[Block, tuple[Span, ...]]  # for each block, the spans that overlap it
    lower: str = field(init=False)  # the reader text in lower case, same offsets, for fast phrase search
    block_starts: tuple[int, ...] = field(init=False)
    starts: tuple[int, ...] = field(init=False)
    parents: tuple[int, ...] = field(init=False)  # index of the span enclosing each span, or -1

    def __post_init__(self) -> None:
        parents: list[int] = []
        stack: list[int] = []
        for index, span in enumerate(self.spans):
            while stack and self.spans[stack[-1]].end <= span.start:
                stack.pop()
            parents.append(stack[-1] if stack else -1)
            stack.append(index)
        object.__setattr__(self, "starts", tuple(s.start for s in self.spans))
        object.__setattr__(self, "block_starts", tuple(b.start for b in self.blocks))
        object.__setattr__(self, "lower", same_length_lower(self.reader))
        object.__setattr__(self, "parents", tuple(parents))

    def text(self, block: Block) -> str:
        """The words of a block as the reader sees them."""
        return self.reader[block.start : block.end]

    def piece_at(self, pos: int) -> tuple[Piece, Span] | None:
        """The innermost piece rendered at `pos`, or None where the template wrote the text.

        Spans nest (they come from a stack of markers), so the innermost one holding `pos` is
        the last to start at or before it, or else one of that span's ancestors.
        """
        index = bisect_right(self.starts, pos) - 1
        while index >= 0 and self.spans[index].end <= pos:
            index = self.parents[index]
        if index < 0:
            return None
        return self.pieces[self.spans[index].piece], self.spans[index]

    def is_quoted(self, pos: int) -> bool:
        """Whether the text at `pos` quotes someone else's words (a 'don't say' or a publication title)."""
        found = self.piece_at(pos)
        return bool(found and found[0].quoted)

    def block_at(self, pos: int) -> Block | None:
        """The block holding `pos`, if any."""
        index = bisect_right(self.block_starts, pos) - 1
        if index >= 0 and pos < self.blocks[index].end:
            return self.blocks[index]
        return None

    def sentence_at(self, pos: int) -> tuple[int, str]:
        """The sentence holding `pos` (its page offset and text), or an empty one outside reader text."""
        block = self.block_at(pos)
        if block is not None:
            for start, sentence in sentences(self, block):
                if start <= pos < start + len(sentence):
                    return start, sentence
        return pos, ""

    def main_piece(self, block: Block) -> Piece | None:
        """The piece that wrote most of a block, or None if the template wrote all of it."""
        found = self.main_span(block)
        return self.pieces[found.piece] if found else None

    def main_span(self, block: Block) -> Span | None:
        """The span of the piece that wrote most of a block."""
        best, most = None, 0
        for span in self.overlaps[block]:
            overlap = min(span.end, block.end) - max(span.start, block.start)
            if overlap > most:
                best, most = span, overlap
        return best

    def where(self, pos: int) -> str:
        """`path:line` of the text at `pos`, for messages that point at a second place."""
        problem = self.problem(pos, self.reader[pos : pos + 30].split("\n")[0], "", "")
        return f"{problem.path}:{problem.line}"

    def problem(self, pos: int, needle: str, message: str, hint: str) -> Problem:
        """A problem at page offset `pos`; `needle` (the offending words) finds the template line if no piece wrote it."""
        found = self.piece_at(pos)
        if found is None:
            return template_problem(needle, message, hint)
        piece, span = found
        return piece.problem(self.markdown.count("\n", span.start, pos), message, hint)

    def cited_facts(self, block: Block) -> list[str]:
        """Fact ids the authored text of a block cites: the page shows citations, not ids, so ask the source."""
        ids: list[str] = []
        for span in self.overlaps[block]:
            raw = self.pieces[span.piece].text
            lines = raw.split("\n")
            if self.markdown.count("\n", span.start, span.end) != len(lines) - 1:
                ids += cited_fact_ids(raw)  # a filter folded its lines (a table cell): take it whole
                continue
            first = self.markdown.count("\n", span.start, max(block.start, span.start))
            last = self.markdown.count("\n", span.start, min(block.end, span.end))
            ids += cited_fact_ids("\n".join(lines[first : last + 1]))
        return ids


def _overlaps(blocks: list[Block], spans: list[Span]) -> dict[Block, tuple[Span, ...]]:
    """For each block (sorted), the spans (sorted, nested) that overlap it, in one sweep."""
    out = {}
    open_spans: list[Span] = []  # spans begun before the current block that may still reach into it
    next_span = 0
    for block in blocks:
        while next_span < len(spans) and spans[next_span].start < block.start:
            open_spans.append(spans[next_span])
            next_span += 1
        open_spans = [s for s in open_spans if s.end > block.start]
        inside = []
        index = next_span
        while index < len(spans) and spans[index].start < block.end:
            inside.append(spans[index])
            index += 1
        out[block] = (*open_spans, *inside)
    return out


def same_length_lower(text: str) -> str:
    """Lower case that keeps every offset (a few characters, such as 'İ', grow when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Phrases:
    r"""Whole words or phrases found fast in lower-cased text, any run of spaces between words.

    Python's regex engine scans quickly only for patterns that start with plain characters, so
    the pattern has no case folding and no boundary before it; the left boundary is checked on
    each match instead (there are few). Ten to twenty times faster on a page than the obvious
    `(?<![\w-])(?:a|b)(?![\w-])` with IGNORECASE.
    """

    def __init__(self, phrases: Iterable[str], case_sensitive: bool = False) -> None:
        self.case_sensitive = case_sensitive
        unique = sorted({p if case_sensitive else p.lower() for p in phrases if p.strip()}, key=len, reverse=True)
        words = [r"\s+".join(re.escape(w) for w in p.split()) for p in unique]
        self.pattern = re.compile("(?:" + "|".join(words) + r")(?![\w-])" if words else r"(?!)")

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """Matches in `text` (give its same-length lower case as `lowered` if you have it).

        Unless case-sensitive, a match's group is the lower-cased text: read `text` at its span.
        """
        haystack = text if self.case_sensitive else (lowered if lowered is not None else same_length_lower(text))
        for match in self.pattern.finditer(haystack):
            before = haystack[match.start() - 1] if match.start() else " "
            if not (before.isalnum() or before in "_-"):
                yield match


def _template_lines() -> list[tuple[str, int, str]]:
    """Every line of the templates a lesson page is made of, lower-cased, for locating template text.

    Read from the renderer's own template loader, so the lines are those the page was made from.
    Only needed when a rule is broken by template text, which is rare, so it is not cached.
    """
    out = []
    for name in PAGE_TEMPLATES:
        source, filename, _ = ENV.loader.get_source(ENV, name) if ENV.loader else ("", None, None)
        shown = display_path(Path(filename)) if filename else f"templates/{name}"
        out += [(shown, number, line.lower()) for number, line in enumerate(source.splitlines(), start=1)]
    return out


def template_problem(needle: str, message: str, hint: str) -> Problem:
    """A problem in text the page template wrote, at the template line holding `needle`."""
    words = " ".join(needle.lower().split())
    lines = _template_lines()
    for path, number, line in lines:
        if words and words in " ".join(line.split()):
            return Problem(path, number, message, hint)
    return Problem(lines[0][0] if lines else "templates/lesson.md.j2", 1, message, hint)


class _Tagger:
    """Wraps strings in markers and remembers the piece each marker stands for."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def tag(self, piece: Piece) -> str:
        """The piece's text between markers that name it; empty text stays empty (templates test it)."""
        if not piece.text:
            return piece.text
        self.pieces.append(piece)
        return f"{START}{len(self.pieces) - 1}{SEP}{piece.text}{END}"


class PageReader:
    """Renders lesson pages for the checks; the course-wide pieces (modules, help, sources) are tagged once."""

    def __init__(self, loaded: LoadedCourse) -> None:
        self.loaded = loaded
        course = loaded.course
        self.country = course.info.default_country
        self._tagger = _Tagger()

        def tag(text: str, origin: Origin, loc: tuple[str | int, ...], quoted: bool = False) -> str:
            return self._tagger.tag(Piece(origin, loc, text, quoted))

        modules = {
            mid: m.model_copy(
                update={f: tag(getattr(m, f), loaded.origin("modules", mid), (f,)) for f in ("title", "content_note")}
            )
            for mid, m in course.modules.items()
        }
        helplines = tuple(
            h.model_copy(
                update={f: tag(getattr(h, f), loaded.origin("helplines", h.id), (f,)) for f in ("name", "purpose")}
            )
            for h in course.helplines
        )
        sources = {
            sid: s.model_copy(
                update={
                    f: tag(getattr(s, f), loaded.origin("sources", sid), (f,), quoted=True)
                    for f in ("title", "publisher")
                }
            )
            for sid, s in course.sources.items()
        }
        rules_origin = loaded.origin("rules", "rules")
        steps = [tag(s, rules_origin, ("disclosure_steps", i)) for i, s in enumerate(course.rules.disclosure_steps)]
        self.course: Course = course.model_copy(
            update={
                "modules": modules,
                "helplines": helplines,
                "sources": sources,
                "rules": course.rules.model_copy(update={"disclosure_steps": steps}),
            }
        )
        self._shared = len(self._tagger.pieces)

    def read(self, lesson: Lesson) -> ReaderPage:
        """The lesson's page as the build renders it for the course's default country, with its source map."""
        del self._tagger.pieces[self._shared :]  # pieces of the previous lesson
        origin = self.loaded.origin("lessons", lesson.id)
        tagged = self._tag_lesson(lesson, origin)
        tailored = tailor_lesson(self.course, tagged, self.country)
        markdown, spans = _untag(render_lesson_page(tailored, self.course))
        reader, blocks = reader_text(markdown)
        pieces = tuple(self._tagger.pieces)
        return ReaderPage(lesson, markdown, reader, tuple(blocks), tuple(spans), pieces, _overlaps(blocks, spans))

    def _tag_lesson(self, lesson: Lesson, origin: Origin) -> Lesson:
        """A copy of the lesson whose every authored string carries a marker."""
        data: Any = lesson.model_dump()
        for part in lesson.authored_text():
            *path, last = part.loc
            holder: Any = data
            for key in path:
                holder = holder[key]
            tagged = self._tagger.tag(Piece.of(origin, lesson, part))
            if isinstance(holder[last], dict):  # a timed step: its text is the prose
                holder[last]["text"] = tagged
            else:
                holder[last] = tagged
        return Lesson.model_validate(data)


def _untag(tagged: str) -> tuple[str, list[Span]]:
    """The page without markers, and where each marked piece ended up in it."""
    out: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[int, int]] = []
    length = last = 0
    for match in MARK.finditer(tagged):
        out.append(tagged[last : match.start()])
        length += match.start() - last
        last = match.end()
        if match.group(1) is not None:
            stack.append((int(match.group(1)), length))
        else:
            piece, start = stack.pop()
            spans.append(Span(start, length, piece))
    out.append(tagged[last:])
    return "".join(out), sorted(spans, key=lambda s: (s.start, -s.end))


# Block-level MyST of the page templates and of authored sections.
FENCE_OPEN = re.compile(r"^(\s*:{3,})\{[\w-]+\}[ \t]*(.*)$")
FENCE_OPTION = re.compile(r"^\s*:[\w-]+:")
FENCE_CLOSE = re.compile(r"^\s*:{3,}\s*$")
LABEL = re.compile(r"^\s*\([^)\s]+\)=\s*$")
HEADING = re.compile(r"^\s*#{1,6}\s+")
ITEM = re.compile(r"^\s*(?:[-+*]|(\d{1,9})[.)])\s+")
TABLE_ROW = re.compile(r"^\s*\|")
TABLE_RULE = re.compile(r"^\s*\|[\s|:-]+\|?\s*$")
CELL_BAR = re.compile(r"(?<!\\)\|")
ESCAPE = re.compile(r"\\(?=.)")  # a YAML-string escape in the front matter
# Inline markup, blanked over the whole page at once: the role name, backticks and target of
# roles (their text stays), link targets, autolinks and bare URLs, emphasis, code and escapes.
ROLE = re.compile(r"(\{[\w:-]+\}`)([^`\n]*?)(\s*<[^<>`\n]*>)?(`)")
LINK = re.compile(r"(\[)[^\]\n]*(\]\([^)\n]*\))")
AUTOLINK = re.compile(r"<https?://[^>\s]*>|https?://\S+")
EMPHASIS = re.compile(r"[*`_\\]+")  # runs of markup characters; see _is_markup
NOT_NEWLINE = re.compile(r"[^\n]")


BACKTICK_FENCE_OPEN = re.compile(r"^\s*`{3,}\{([\w-]+)\}")
BACKTICK_FENCE_CLOSE = re.compile(r"^\s*`{3,}\s*$")
# Directives whose body is a view as JSON, and the keys whose strings the reader sees.
JSON_BODIES = {"gta-quiz"}
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
SHOWN_VALUE = re.compile(
    r'"(?:instruction|scenario|prompt|text|feedback)":(\[(?:[^\[\]"]|"(?:[^"\\]|\\.)*")*\]|"(?:[^"\\]|\\.)*")'
)
JSON_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|\\n|\\t|\\(?=.)")


def _json_body(markdown: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[Block]]:
    """Blanks and blocks for a directive's JSON body: only the strings a reader sees stay.

    Every value of a shown key (a string, or an array of strings and citations) is one block;
    keys, ids, punctuation and the escapes JSON adds ('\\"', '\\u0060') are blanked.
    """
    shown: list[tuple[int, int]] = []
    blocks: list[Block] = []
    for value in SHOWN_VALUE.finditer(markdown, start, end):
        strings = [m for m in JSON_STRING.finditer(markdown, *value.span(1))]
        parts = []
        for index, string in enumerate(strings):
            follows = markdown[string.end() : string.end() + 1]
            previous_key = strings[index - 1].group(0) if index else ""
            if follows == ":" or previous_key == '"label"':
                continue  # a citation's key, or the sources-page label it links to
            parts.append((string.start() + 1, string.end() - 1))
        if parts:
            shown += parts
            blocks.append(Block("paragraph", parts[0][0], parts[-1][1]))
    blanks: list[tuple[int, int]] = []
    position = start
    for text_start, text_end in shown:
        blanks.append((position, text_start))
        blanks += [m.span() for m in JSON_ESCAPE.finditer(markdown, text_start, text_end)]
        position = text_end
    blanks.append((position, end))
    return blanks, blocks


def _inline_markup(markdown: str) -> list[tuple[int, int]]:
    """Ranges of inline markup anywhere in the page."""
    ranges: list[tuple[int, int]] = []
    for match in ROLE.finditer(markdown):
        ranges.append(match.span(1))
        if match.group(3):
            ranges.append(match.span(3))
        ranges.append(match.span(4))
    for match in LINK.finditer(markdown):
        ranges += [match.span(1), match.span(2)]
    ranges += [m.span() for m in AUTOLINK.finditer(markdown)]
    ranges += [m.span() for m in EMPHASIS.finditer(markdown) if _is_markup(markdown, *m.span())]
    return ranges


def _is_markup(text: str, start: int, end: int) -> bool:
    """Whether a run of `*`, backticks, `_` or `\\` is markup, not a snake_case name or a lone backslash."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    run = text[start:end]
    if run.strip("_") == "" and before.isalnum() and after.isalnum():
        return False
    return not (run == "\\" and (after.isalnum() or after.isspace()))


def _apply_blanks(markdown: str, ranges: list[tuple[int, int]]) -> str:
    """The text with every range replaced by spaces (newlines kept), so offsets do not move."""
    parts: list[str] = []
    pos = 0
    for start, end in sorted(ranges):
        if end <= pos:
            continue
        start = max(start, pos)
        parts += [markdown[pos:start], NOT_NEWLINE.sub(" ", markdown[start:end])]
        pos = end
    parts.append(markdown[pos:])
    return "".join(parts)


def reader_text(markdown: str) -> tuple[str, list[Block]]:
    """The page's reader text (markup blanked, same offsets) and its blocks.

    Handles the MyST the templates and sections use: front matter (only the meta description is
    read), targets, colon-fence directives (their titles are read, options are not), headings,
    lists, tables and paragraphs, and backtick-fenced directives: a quiz's JSON body is read for
    the words the quiz shows; other bodies (the country picker's list) are not prose.
    """
    blanks = _inline_markup(markdown)
    fence: tuple[str, int] | None = None  # the open backtick directive's name and body start
    blocks: list[Block] = []
    open_block: list[int] | None = None  # start and end of the paragraph or list item being read
    open_kind: BlockKind = "paragraph"
    ordered = False  # whether the open block is an item of an ordered list
    in_front_matter = markdown.startswith("---\n")
    options_allowed = False

    def close() -> None:
        nonlocal open_block
        if open_block is not None:
            blocks.append(Block(open_kind, open_block[0], open_block[1]))
            open_block = None

    start = 0
    for number, line in enumerate(markdown.split("\n")):
        end = start + len(line)
        line_start, start = start, end + 1
        if in_front_matter:
            value = line.find("description: ")
            if value < 0 or number == 0:
                in_front_matter = not (number and line.strip() == "---")
                blanks.append((line_start, end))
                continue
            value += len("description: ")
            blanks.append((line_start, line_start + value))
            if len(line) - value >= 2 and line[value] == line[-1] == '"':
                blanks += [(line_start + value, line_start + value + 1), (end - 1, end)]
            blanks += [(line_start + m.start(), line_start + m.end()) for m in ESCAPE.finditer(line, value)]
            blocks.append(Block("meta", line_start + value, end))
            continue
        if fence is not None:
            if BACKTICK_FENCE_CLOSE.match(line):
                name, body_start = fence
                if name in JSON_BODIES:
                    json_blanks, json_blocks = _json_body(markdown, body_start, line_start)
                    blanks += json_blanks
                    blocks += json_blocks
                else:
                    blanks.append((body_start, line_start))
                blanks.append((line_start, end))
                fence = None
            continue
        if opener := BACKTICK_FENCE_OPEN.match(line):
            close()
            blanks.append((line_start, end))
            fence = (opener.group(1), start)
            continue
        if not line.strip():
            close()
            options_allowed = False
            continue
        if options_allowed and FENCE_OPTION.match(line):
            blanks.append((line_start, end))
            continue
        options_allowed = False
        if LABEL.match(line) or FENCE_CLOSE.match(line):
            close()
            blanks.append((line_start, end))
            continue
        if colon_fence := FENCE_OPEN.match(line):
            close()
            blanks.append((line_start, line_start + colon_fence.start(2)))
            if colon_fence.group(2).strip():
                blocks.append(Block("label", line_start + colon_fence.start(2), end))
            options_allowed = True
            continue
        if heading := HEADING.match(line):
            close()
            blanks.append((line_start, line_start + heading.end()))
            blocks.append(Block("heading", line_start + heading.end(), end))
            continue
        if TABLE_ROW.match(line):
            close()
            if TABLE_RULE.match(line):
                blanks.append((line_start, end))
                continue
            bars = [line_start + m.start() for m in CELL_BAR.finditer(line)]
            blanks += [(bar, bar + 1) for bar in bars]
            blocks += [Block("cell", a + 1, b) for a, b in pairwise(bars) if markdown[a + 1 : b].strip()]
            continue
        item = ITEM.match(line)
        if item and item.group(1) not in (None, "1") and open_block is not None and not ordered:
            item = None  # CommonMark: only "1." may interrupt a paragraph ("... down from 36.2 million in\n2023.")
        if item:
            close()
            blanks.append((line_start, line_start + item.end()))
            open_block, open_kind, ordered = [line_start + item.end(), end], "item", item.group(1) is not None
            continue
        if open_block is None:
            open_block, open_kind, ordered = [line_start, end], "paragraph", False
        else:
            open_block[1] = end
    close()
    return _apply_blanks(markdown, blanks), sorted(blocks, key=lambda b: b.start)


def sentences(page: ReaderPage, block: Block) -> list[tuple[int, str]]:
    """The sentences of a block with their page offsets, split after ., ! or ? before a space."""
    text = page.text(block)
    out = []
    for match in re.finditer(r"\S(?:.*?)(?:[.!?](?=\s|$)|$)", text, re.DOTALL):
        out.append((block.start + match.start(), match.group(0)))
    return out
