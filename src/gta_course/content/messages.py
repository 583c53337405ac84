"""Words for problems that a trainer, not a programmer, can act on.

Authors count from 1 and call things by what they are ("question 3, option 2"), not by a path
of zero-based indexes or a Python class name; a misspelt id is best answered with the id they
probably meant. Every message that names a place in an item or suggests an id goes through here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

# What one entry of each list field is called, in a message.
ITEM_WORDS = {
    "quiz": "question",
    "options": "option",
    "sections": "section",
    "activities": "activity",
    "steps": "step",
    "objectives": "objective",
    "key_messages": "key message",
    "discussion_prompts": "discussion prompt",
    "facilitator_notes": "facilitator note",
    "materials": "material",
    "variations": "variation",
    "phrases": "phrase",
    "countries": "country",
    "audiences": "audience",
    "modules": "module",
    "lessons": "lesson",
    "facts": "fact",
    "sources": "source",
    "figures": "figure",
    "keywords": "keyword",
    "avoid": "phrase to avoid",
    "help": "help kind",
    "help_for": "reader group",
    "action_areas": "action area",
    "required_activities": "required activity",
    "victim_blaming": "victim-blaming phrase",
    "sextortion_response": "response step",
    "restricted_words": "restricted word",
    "safe_messaging": "safe-messaging rule",
    "disclosure_steps": "disclosure step",
    "helplines": "help service",
    "glossary": "glossary term",
    "personas": "persona",
    "threats": "threat",
}
# What each kind of item is called, instead of the model's class name.
KIND_WORDS = {
    "CourseInfo": "course",
    "Rules": "rules",
    "RuleRemovals": "rule removals",
    "Source": "source",
    "Fact": "fact",
    "ActionArea": "action area",
    "Audience": "audience",
    "Helpline": "help service",
    "GlossaryTerm": "glossary term",
    "Persona": "persona",
    "Threat": "threat",
    "Module": "module",
    "Lesson": "lesson",
}

Loc = Sequence[str | int]


def kind_word(class_name: str) -> str:
    """The reader's word for a kind of item."""
    return KIND_WORDS.get(class_name, class_name.lower())


def field_path(loc: Loc) -> tuple[str | int, ...]:
    """A validation location without the names of types it was tried as (`Step`, `str`...)."""
    return tuple(
        part
        for part in loc
        if isinstance(part, int) or (part[:1].islower() and part.isidentifier() and part not in ("str", "int"))
    )


def describe_place(loc: Loc) -> str:
    """`("quiz", 2, "options", 1)` as "question 3, option 2"; a field that is not a list item keeps its name."""
    words: list[str] = []
    parts = list(loc)
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(following, int):
            words.append(f"{ITEM_WORDS.get(part, part.replace('_', ' '))} {following + 1}")
            index += 2
            continue
        words.append(part if isinstance(part, str) else f"item {part + 1}")
        index += 1
    return ", ".join(words)


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """A hint naming the closest known id, or a few known ids when none is close."""
    ids = sorted(set(known))
    if not ids:
        return "none is defined yet"
    close = difflib.get_close_matches(value, ids, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
    return f"use one of: {shown}"
