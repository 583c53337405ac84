"""The words on a page: terminology, blame, restricted words, and what readers are told to do with images.

All of these read the rendered page (content/page_text.py), so text the template adds is held
to the same rules as text an author wrote, and every finding points at the line that wrote it.
Quoted words are a 'don't say' example or a publication's title: they may show a phrase the
course would never use in its own voice.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from gta_course.content.page_text import Phrases, ReaderPage, sentences
from gta_course.model import AuthoredText, Course
from gta_course.problems import Problem

# Evidence: a sentence that tells the reader to keep a copy of something must exclude the image.
# An instruction is a verb in its plain form ("Save the chat", "you should keep the messages")
# whose object names evidence or an image; "keep talking", "keep it secret", "Making, keeping or
# sharing these images is a crime" and "take photos at the fete" are not.
EVIDENCE_VERB = re.compile(
    r"\b(?:screen-?shots?|save|capture|keep|photograph|copy|download|store|preserve"
    r"|take (?:a |some )?(?:screen-?shots?|photos?|pictures?|videos?))\b",
    re.IGNORECASE,
)
EVIDENCE = re.compile(
    r"\b(?:evidence|chats?|conversations?|messages?|texts|user ?names?|profiles?|links?|proof|screen-?shots?"
    r"|screens?|payments?|demands?|threats?|dates|times)\b",
    re.IGNORECASE,
)
IMAGE_WORD = re.compile(r"\b(?:images?|photos?|pictures?|videos?|nudes?)\b", re.IGNORECASE)
# "keep" meaning "stay" or "go on": keep calm, keep it secret, keep talking.
KEEP_STATE = re.compile(
    r"^\W*(?:\w+ing\b|(?:\S+\s+){0,3}?(?:secrets?|quiet|calm|safe|private|positive|short|simple|open|going|updated"
    r"|focused|focus|clear|brief|kind|warm|light|in mind|up to date|an eye|out|between)\b)",
    re.IGNORECASE,
)
CLAUSE_END = re.compile(r"[;:.!?]|,\s+(?:and|then|but)\b|\s(?:but|then|instead|so that)\b|\s[-\u2013\u2014]\s")
NEGATION = re.compile(
    r"\b(?:never|not|no|nobody|no one|don't|do not|doesn't|does not|didn't|won't|cannot|can't|without|avoid|stop)\b",
    re.IGNORECASE,
)
OBJECT_WORDS = 5  # how far after the verb its object may reach ("a copy of the image")
# The words that start those verbs, to find the sentences worth reading quickly.
KEEPING_WORDS = Phrases(
    [
        "screenshot",
        "screenshots",
        "screen-shot",
        "screen-shots",
        "save",
        "capture",
        "keep",
        "photograph",
        "copy",
        "download",
        "store",
        "preserve",
        "take",
    ]
)
# Words before a verb that make the sentence an instruction ("Save the chat", "you should save").
INSTRUCTION_BEFORE = re.compile(
    r"(?:^|[,:;(\"\u201c]|\b(?:and|or|then|first|also|always|just|to|should|must|can|could|may|might|will|please"
    r"|you|we|help \w+|ask \w+ to|remember to|make sure (?:you|to)))\s*$",
    re.IGNORECASE,
)
IMAGE = r"\b(?:images?|photos?|pictures?|nudes?|videos?)\b"
IMAGE_EXCLUDED = re.compile(
    r"\b(?:never|not|no|nobody|don't|do not|without|except|but not|apart from|other than|rather than|instead of"
    rf"|leave out|leaving out)\b[^.!?]{{0,80}}?{IMAGE}|{IMAGE}[^.!?]{{0,40}}?\b(?:left out|excluded)\b",
    re.IGNORECASE,
)
# Where a lesson does not speak in its own voice about what to do: case summaries, the materials
# list, and the wrong answers of a quiz (a true-false statement whose answer is False, too).
NOT_ADVICE = {"scenario", "materials"}
ABOUT_IMAGES = re.compile(rf"{IMAGE}|\bhash|\bTake It Down\b|\bReport Remove\b", re.IGNORECASE)
NEGATED_CLAIM = re.compile(r"\b(?:not|never|no|doesn't|don't|won't|cannot|can't|isn't|aren't)\b", re.IGNORECASE)
# Report Remove goes through Childline and the IWF; it is Take It Down that hashes on the device.
REPORT_REMOVE = re.compile(r"\bReport Remove\b")
REPORT_REMOVE_NAME = Phrases(["Report Remove"], case_sensitive=True)
TAKE_IT_DOWN = re.compile(r"\bTake It Down\b")
ON_DEVICE = re.compile(
    r"\b(?:hash\w*|fingerprint\w*|code)\b[^.!?;]*?\b(?:on (?:the|your|their|a|his|her) (?:own )?"
    r"(?:device|phone|computer|laptop)|on-device|locally)\b",
    re.IGNORECASE,
)


def _normal(text: str) -> str:
    """A phrase as a lookup key: lower case, single spaces."""
    return " ".join(text.lower().split())


PhraseRule = tuple[str, str, bool]  # message, hint, whether a quotation may contain it


class PhraseRules:
    """Many phrases found in one pass over a page; each match knows the rule it broke."""

    def __init__(self, rules: Iterable[tuple[str, str, str, bool]]) -> None:
        self.rules: dict[str, PhraseRule] = {}
        for phrase, message, hint, quotable in rules:
            self.rules.setdefault(_normal(phrase), (message, hint, quotable))
        self.phrases = Phrases(self.rules)

    def findings_at(self, text: str, quoted: bool = False) -> list[tuple[re.Match[str], str, str]]:
        """(match, message, hint) for every phrase in a plain text; a quotation may show quotable ones."""
        out = []
        for match in self.phrases.finditer(text):
            message, hint, quotable = self.rules[_normal(match.group(0))]
            if not (quoted and quotable):
                out.append((match, message, hint))
        return out

    def check(self, page: ReaderPage) -> list[Problem]:
        """A problem for every phrase on the page, except quoted ones where a quotation may show them."""
        problems = []
        for match in self.phrases.finditer(page.reader, page.lower):
            message, hint, quotable = self.rules[_normal(match.group(0))]
            if quotable and page.is_quoted(match.start()):
                continue
            words = page.reader[match.start() : match.end()]
            problems.append(page.problem(match.start(), words, message, hint))
        return problems


def banned_terms(course: Course) -> PhraseRules:
    """Every phrase the glossary says to avoid, with what to say instead; quoting them is no excuse."""
    return PhraseRules(
        (p, f"banned term '{p}'", f"say '{t.term}' instead (glossary)", False)
        for t in course.glossary.values()
        for p in t.avoid
    )


def victim_blaming(course: Course) -> PhraseRules:
    """Phrases that put the blame on a child; an activity's `dont_say` may quote them."""
    hint = "put responsibility on the offender; quote it only as an activity's `dont_say`"
    return PhraseRules((p, f"victim-blaming phrase '{p}'", hint, True) for p in course.rules.victim_blaming)


def check_restricted_words(course: Course, page: ReaderPage) -> list[Problem]:
    """Words allowed only in a set form, and a set number of times on the whole page.

    Quoted titles of publications are not the course's words and do not count; the meta
    description is not read on the page, so it is held to the form but not counted.
    """
    meta = [b for b in page.blocks if b.kind == "meta"]
    problems = []
    for rule in course.rules.restricted_words:
        word = Phrases([rule.word])
        allowed = [m.span() for m in re.finditer(rule.allowed_pattern, page.markdown)]
        count = 0
        for match in word.finditer(page.reader, page.lower):
            if page.is_quoted(match.start()):
                continue
            inside = any(s <= match.start() and match.end() <= e for s, e in allowed)
            in_meta = any(b.start <= match.start() < b.end for b in meta)
            count += not in_meta
            if not inside:
                message = f"'{rule.word}' in a form not allowed"
            elif count > rule.max_per_lesson and not in_meta:
                message = f"'{rule.word}' used more than {rule.max_per_lesson}x on the page"
            else:
                continue
            problems.append(page.problem(match.start(), match.group(0), message, rule.hint))
    return problems


def restricted_word_findings(course: Course, texts: list[AuthoredText]) -> list[tuple[AuthoredText, int, str, str]]:
    """(text, offset, message, hint) for restricted words in authored texts read together as one page."""
    out = []
    for rule in course.rules.restricted_words:
        word, count = Phrases([rule.word]), 0
        for part in texts:
            allowed = [m.span() for m in re.finditer(rule.allowed_pattern, part.text)]
            for match in word.finditer(part.text):
                count += 1
                if not any(s <= match.start() and match.end() <= e for s, e in allowed):
                    out.append((part, match.start(), f"'{rule.word}' in a form not allowed", rule.hint))
                elif count > rule.max_per_lesson:
                    out.append((part, match.start(), f"'{rule.word}' used more than {rule.max_per_lesson}x", rule.hint))
    return out


# Things a content note says that it should say once: the module's note, the lesson's and the
# page's own sentences are read together.
NOTE_THEMES = {
    "that the reader may pause or stop": re.compile(r"\b(?:pause|skip|stop)\b", re.IGNORECASE),
    "that there is no graphic detail": re.compile(r"\bgraphic\b|\bno detail\b|\bwithout (?:any )?detail\b", re.I),
    "where help is": re.compile(r"\bhelp is\b|\bend of (?:this|the) page\b", re.IGNORECASE),
}


def check_content_note(page: ReaderPage) -> list[Problem]:
    """The content note says each thing once, although three sources (module, lesson, page) write it."""
    notes = [
        block
        for block in page.blocks
        if any(page.pieces[s.piece].collection == "modules" and page.pieces[s.piece].loc == ("content_note",)
               for s in page.overlaps[block])
    ]  # fmt: skip
    problems = []
    for block in notes:
        said = sentences(page, block)
        for later, (start, sentence) in enumerate(said):
            for earlier_start, earlier in said[:later]:
                theme = next(
                    (name for name, rx in NOTE_THEMES.items() if rx.search(sentence) and rx.search(earlier)), ""
                )
                alike = difflib.SequenceMatcher(None, earlier.lower().split(), sentence.lower().split()).ratio()
                if not theme and alike < 0.6:
                    continue
                at = start if _lesson_wrote(page, start) or not _lesson_wrote(page, earlier_start) else earlier_start
                what = f"says {theme} twice" if theme else "says the same thing twice"
                problems.append(
                    page.problem(
                        at,
                        sentence,
                        f'content note {what}: "{earlier.strip()}" and "{sentence.strip()}"',
                        "the page joins the module's note, the lesson's note and its own pause and help sentences; "
                        "say each thing once in the lesson's content_note",
                    )
                )
                break
    return problems


def _lesson_wrote(page: ReaderPage, pos: int) -> bool:
    found = page.piece_at(pos)
    return found is not None and found[0].collection == "lessons"


INVERTED_PROMPT = re.compile(r"\b(?:not|never|shouldn't|should not|avoid|mistake|wrong|unsafe)\b", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|(?<!\w)'[^'\n]+'(?!\w)|\u2018[^\u2019]*\u2019")


def _is_advice(page: ReaderPage, pos: int) -> bool:
    """Whether the text at `pos` is the course telling the reader what to do.

    Not advice: case summaries and materials lists; words the author puts in quotation marks
    (cards of misconceptions, what a character says); and quiz answers that are wrong (or, in
    a question such as "Which should you NOT do?", the ones marked correct), as is a true-false
    statement whose answer is False.
    """
    found = page.piece_at(pos)
    if found is None or found[0].collection != "lessons":
        return True
    piece, span = found
    loc = piece.loc
    if any(part in NOT_ADVICE for part in loc if isinstance(part, str)):
        return False
    if any(m.start() < pos < m.end() for m in QUOTED.finditer(page.markdown, span.start, span.end)):
        return False
    if loc[0] == "quiz" and isinstance(loc[1], int):
        question = page.lesson.quiz[loc[1]]
        if loc[-1] == "text" and isinstance(loc[3], int):
            return question.options[loc[3]].correct != bool(INVERTED_PROMPT.search(question.prompt))
        if loc[-1] == "prompt" and question.kind == "true-false":
            return not any(o.correct and o.text == "False" for o in question.options)
    return True


def _instead_of_the_image(page: ReaderPage, start: int, sentence: str) -> bool:
    """ "Never save the image. Keep the messages instead.": the exclusion just said still holds."""
    if not re.search(r"\binstead\b", sentence, re.IGNORECASE):
        return False
    block = page.block_at(start)
    earlier = [s for s_start, s in sentences(page, block) if s_start < start] if block else []
    return bool(earlier) and bool(IMAGE_EXCLUDED.search(earlier[-1]))


def _sentences_with(page: ReaderPage, pattern: Phrases) -> Iterator[tuple[int, str]]:
    """Each sentence of the page (offset, text) in which `pattern` occurs, once, skipping quotations.

    Searching the whole page once and reading only the sentences around matches is far
    cheaper than splitting every block into sentences.
    """
    seen: set[int] = set()
    for match in pattern.finditer(page.reader, page.lower):
        start, sentence = page.sentence_at(match.start())
        if sentence and start not in seen and not page.is_quoted(start):
            seen.add(start)
            yield start, sentence


def _instructions_to_keep(sentence: str) -> Iterator[re.Match[str]]:
    """Verbs in a sentence that tell the reader to keep a copy of evidence or of an image."""
    for verb in EVIDENCE_VERB.finditer(sentence):
        clause_start = max((m.end() for m in CLAUSE_END.finditer(sentence, 0, verb.start())), default=0)
        before = sentence[clause_start : verb.start()]
        if NEGATION.search(before) or not INSTRUCTION_BEFORE.search(sentence[: verb.start()]):
            continue
        after = sentence[verb.end() :]
        if clause_end := CLAUSE_END.search(after):
            after = after[: clause_end.start()]
        after = " ".join(after.split()[:OBJECT_WORDS])
        word = verb.group(0).lower()
        if word == "keep" and KEEP_STATE.match(after):
            continue
        makes_a_picture = word.startswith("take") and IMAGE_WORD.search(word)
        if EVIDENCE.search(after) or (IMAGE_WORD.search(after) and not makes_a_picture) or "shot" in word:
            yield verb


def check_image_safety(course: Course, page: ReaderPage) -> list[Problem]:
    """Evidence advice never makes a copy of the image; removal tools are described as they work."""
    problems = []
    for start, sentence in _sentences_with(page, KEEPING_WORDS):
        if IMAGE_EXCLUDED.search(sentence) or _instead_of_the_image(page, start, sentence):
            continue
        for verb in _instructions_to_keep(sentence):
            if not _is_advice(page, start + verb.start()):
                continue
            problems.append(
                page.problem(
                    start + verb.start(),
                    sentence,
                    f"'{verb.group(0)}' tells the reader to keep a copy without excluding the image",
                    "in the same sentence: capture the messages, usernames, profile links and payment demands, "
                    "never the image, and never forward it to anyone, not even the police or a school "
                    "(fact evidence-not-the-image)",
                )
            )
            break
    overpromises = Phrases(course.rules.removal_overpromises)
    for start, sentence in _sentences_with(page, overpromises):
        if not ABOUT_IMAGES.search(sentence):
            continue
        for match in overpromises.finditer(sentence):
            if NEGATED_CLAIM.search(sentence[: match.start()]):
                continue
            problems.append(
                page.problem(
                    start + match.start(),
                    sentence,
                    f"'{match.group(0)}' promises more than removal tools do",
                    "they can help take down and block images on participating platforms only "
                    "(facts take-it-down-how, report-remove-how)",
                )
            )
    for start, sentence in _sentences_with(page, REPORT_REMOVE_NAME):
        problems += _report_remove_on_device(page, start, sentence)
    return problems


def _report_remove_on_device(page: ReaderPage, start: int, sentence: str) -> list[Problem]:
    """Report Remove works through Childline and the IWF's portal; it does not hash on the device."""
    problems = []
    for name in REPORT_REMOVE.finditer(sentence):
        clause_end = len(sentence)
        if other := TAKE_IT_DOWN.search(sentence, name.end()):
            clause_end = other.start()
        claim = ON_DEVICE.search(sentence, name.end(), clause_end)
        if claim and not NEGATED_CLAIM.search(sentence, name.end(), claim.start()):
            problems.append(
                page.problem(
                    start + claim.start(),
                    sentence,
                    "Report Remove is described as hashing on the device",
                    "Report Remove goes through a Childline account and the IWF's secure portal, where IWF analysts "
                    "assess and hash illegal content; it is Take It Down that hashes on the person's own device "
                    "(fact report-remove-how)",
                )
            )
    return problems
