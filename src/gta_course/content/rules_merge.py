"""Layering safety rules so that a pack can add to them but never weaken them by accident.

A pack that writes `rules: {victim_blaming: [...]}` means "also catch these", not "catch only
these": replacing the list would silently stop "what were you thinking" being caught. So every
list-valued rule is merged with the rules under it, item by item (a step or word with the same
id replaces the one under it, so it can be reworded), and a glossary term a pack rewrites keeps
the banned phrases of the term it replaces. Switching a default off takes an explicit
`rules: {remove: {...}}` entry, and each one becomes a warning that `check` prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gta_course import model
from gta_course.content.yaml_file import Origin
from gta_course.problems import Problem, Severity

# Rule lists and the key that says two entries are the same rule.
RULE_LISTS: dict[str, Callable[[Any], str]] = {
    "victim_blaming": lambda item: _phrase_key(item),
    "safe_messaging": lambda item: _phrase_key(item),
    "disclosure_steps": lambda item: _phrase_key(item),
    "sextortion_response": lambda item: str(item.get("id")) if isinstance(item, dict) else repr(item),
    "restricted_words": lambda item: _phrase_key(item.get("word")) if isinstance(item, dict) else repr(item),
}
WHAT = {
    "victim_blaming": "victim-blaming phrase",
    "safe_messaging": "safe-messaging rule",
    "disclosure_steps": "disclosure step",
    "sextortion_response": "sexual-extortion response step",
    "restricted_words": "restricted word",
    "banned_terms": "banned term",
}


def _phrase_key(item: Any) -> str:
    """Phrases are the same rule whatever their case and spacing."""
    return " ".join(str(item).lower().split())


def merge_rules(before: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The raw `rules:` mapping after layering `data` over `before`: lists grow, other keys replace.

    Values of the wrong shape are passed through unchanged, for the schema to report.
    """
    merged = {**before, **data}
    for name, key in RULE_LISTS.items():
        old, new = before.get(name), data.get(name)
        if isinstance(old, list) and isinstance(new, list):
            merged[name] = _union(old, new, key)
    old_remove, new_remove = before.get("remove"), data.get("remove")
    if isinstance(old_remove, dict) and isinstance(new_remove, dict):
        merged["remove"] = {
            name: _union(old_remove.get(name, []), value, _phrase_key)
            if isinstance(value, list) and isinstance(old_remove.get(name, []), list)
            else value
            for name, value in {**old_remove, **new_remove}.items()
        }
    return merged


def _union(old: list[Any], new: list[Any], key: Callable[[Any], str]) -> list[Any]:
    """`old` with each entry of `new` replacing the one with its key, or added at the end."""
    out: dict[str, Any] = {key(item): item for item in old}
    out.update((key(item), item) for item in new)
    return list(out.values())


def keep_banned_terms(old: model.GlossaryTerm, new: model.GlossaryTerm) -> model.GlossaryTerm:
    """A rewritten glossary term still bans every phrase the term it replaces banned."""
    avoid = _union(list(old.avoid), list(new.avoid), _phrase_key)
    return new if avoid == list(new.avoid) else new.model_copy(update={"avoid": avoid})


@dataclass(frozen=True)
class Removal:
    """One `remove:` entry and the file line that wrote it."""

    rule: str
    value: str
    origin: Origin
    index: int

    def problem(self, message: str, hint: str, severity: Severity = "error") -> Problem:
        """A finding at the entry's own line."""
        found = self.origin.problem(("remove", self.rule, self.index), message, hint)
        return Problem(found.path, found.line, found.message, found.hint, severity)


def removals_in(data: dict[str, Any], origin: Origin) -> list[Removal]:
    """The `remove:` entries of one file's `rules:` mapping (a wrong shape is the schema's to report)."""
    remove = data.get("remove")
    if not isinstance(remove, dict):
        return []
    return [
        Removal(str(rule), str(value), origin, index)
        for rule, values in remove.items()
        if isinstance(values, list)
        for index, value in enumerate(values)
        if isinstance(value, str)
    ]


def apply_removals(
    rules: model.Rules, glossary: dict[str, model.GlossaryTerm], removals: list[Removal]
) -> tuple[model.Rules, dict[str, model.GlossaryTerm], list[Problem]]:
    """The rules and glossary with the removed entries gone, a warning for each and an error for a typo.

    A removal that names nothing is an error: the author meant to switch something off, and a
    misspelling would otherwise leave it on without a word (or, worse, seem to have worked).
    """
    problems: list[Problem] = []
    updates: dict[str, Any] = {}
    terms = dict(glossary)
    for rule in sorted({r.rule for r in removals if r.rule in model.RuleRemovals.model_fields}):
        wanted = [r for r in removals if r.rule == rule]
        if rule == "banned_terms":
            known = {_phrase_key(p): p for t in terms.values() for p in t.avoid}
        else:
            current = getattr(rules, rule)
            known = {_removal_key(rule, item): _removal_key(rule, item) for item in current}
        gone: set[str] = set()
        for removal in wanted:
            key = _phrase_key(removal.value) if rule != "sextortion_response" else removal.value
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"nothing to remove: no such {WHAT[rule]}"
                problems.append(
                    removal.problem(f"cannot remove {WHAT[rule]} '{removal.value}': it is not a rule", hint)
                )
                continue
            gone.add(key)
            problems.append(
                removal.problem(
                    f"{WHAT[rule]} '{removal.value}' removed: the check no longer enforces it",
                    "remove this entry to keep the default rule",
                    "warning",
                )
            )
        if rule == "banned_terms":
            for ident, term in terms.items():
                kept = [p for p in term.avoid if _phrase_key(p) not in gone]
                if len(kept) != len(term.avoid):
                    terms[ident] = term.model_copy(update={"avoid": kept})
        else:
            updates[rule] = [item for item in getattr(rules, rule) if _removal_key(rule, item) not in gone]
    return (rules.model_copy(update=updates) if updates else rules), terms, problems


def _removal_key(rule: str, item: Any) -> str:
    """How a `remove:` entry names a rule: a step by its id, a word or phrase by its text."""
    if isinstance(item, model.ResponseElement):
        return item.id
    if isinstance(item, model.RestrictedWord):
        return _phrase_key(item.word)
    return _phrase_key(item)
