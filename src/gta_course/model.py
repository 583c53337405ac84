"""The content model: every kind of thing a content pack can say, and the rules each obeys.

Everything downstream (tailoring, rendering, checks) reads these types and nothing else, so a
field added here is the one place a new kind of content starts. Models are frozen so that a
loaded course can be shared by pure functions without anyone changing it underneath them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, NamedTuple
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.config import JsonDict

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    Field(description="A stable identifier: letters, digits, '-', '_' or '.'; other content refers to it."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Country = Annotated[
    str,
    StringConstraints(pattern=r"^([A-Z]{2}|INT)$"),
    Field(description="ISO 3166-1 alpha-2 code (GB, US, CA, AU...), or INT for international services."),
]
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f]")


def check_web_url(value: str, schemes: tuple[str, ...]) -> str:
    """A web address that is safe to publish in `href="..."`: parsed, with a scheme and a real host.

    A pattern such as `^https://` lets `https://x/"><script>` through; parsing and refusing
    quotes, spaces and brackets does not. The address is kept exactly as written.
    """
    if URL_FORBIDDEN.search(value):
        raise ValueError("a web address may not contain spaces, quotes, brackets or backslashes")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError as err:
        raise ValueError(f"not a valid web address ({err})") from None
    if parts.scheme not in schemes:
        raise ValueError(f"a web address here must start with {' or '.join(s + '://' for s in schemes)}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("a web address may not contain a user name or password")
    host = (parts.hostname or "").rstrip(".")
    try:
        labels = host.encode("idna").decode("ascii").split(".")
    except UnicodeError:
        labels = []
    if len(labels) < 2 or not all(HOST_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise ValueError(f"'{parts.hostname or ''}' is not a host name such as www.example.org")
    return value


# A repeated group that itself holds a repeat, such as `(a+)+`: matching it can take forever.
NESTED_REPEAT = re.compile(r"(?<!\\)\((?:[^()\\]|\\.)*(?<!\\)[*+}](?:[^()\\]|\\.)*\)[*+{]")


def check_pattern(value: str) -> str:
    """A regular expression from a pack: it must compile, and must not be able to run forever."""
    try:
        re.compile(value)
    except re.error as err:
        raise ValueError(f"not a valid regular expression ({err})") from None
    if NESTED_REPEAT.search(value):
        raise ValueError("a repeated group that itself repeats can take forever to match")
    return value


HttpsUrl = Annotated[
    str,
    AfterValidator(lambda v: check_web_url(v, ("https",))),
    Field(description="An https:// address with a real host name."),
]
WebUrl = Annotated[
    str,
    AfterValidator(lambda v: check_web_url(v, ("https", "http"))),
    Field(description="An https:// (or http://) address with a real host name."),
]
OptionalWebUrl = Annotated[
    str,
    AfterValidator(lambda v: v and check_web_url(v, ("https", "http"))),
    Field(description="An https:// (or http://) address with a real host name, or empty."),
]
HelpKind = Literal["report", "remove", "support", "crisis", "emergency", "prevention"]
HelpFor = Literal["children", "adults", "everyone"]
ALL_READERS: tuple[HelpFor, ...] = ("children", "adults", "everyone")
Edition = Literal["learner", "facilitator"]
# Marks a field as the facilitator's: the learner edition of a printed lesson is made by removing
# every field so marked (as the Carpentries remove instructor notes), never by hiding it.
FACILITATOR_ONLY: JsonDict = {"edition": "facilitator"}
ActivityKind = Literal[
    "scenario-discussion",
    "conversation-practice",
    "action-plan",
    "peer-session-plan",
    "role-play",
    "reflection",
    "case-study",
    "design-review",
]


class Strict(BaseModel):
    """Base for content: unknown fields are errors (they are usually typos), values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CourseInfo(Strict):
    """What the course is called and whose it is; `edition` dates every output instead of the clock."""

    title: Text
    subtitle: str = ""
    publisher: Text
    edition: dt.date = Field(description="Date of this edition of the content; used wherever a date is printed.")
    description: Text
    default_country: Country = "GB"
    countries: list[Country] = Field(
        default_factory=lambda: ["GB", "US", "CA", "AU", "INT"],
        description="Countries whose help services the site offers, in display order.",
    )
    exit_url: HttpsUrl = Field(
        default="https://www.bbc.co.uk/weather",
        description="Neutral page the quick-exit control replaces the course with (https://).",
    )
    repository_url: OptionalWebUrl = ""
    services_checked: dt.date | None = Field(
        default=None,
        description="Date the help services were last checked against the services' own websites "
        "(the fact sheet's `checked`); printed beside every help list instead of the edition.",
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = Field(
        default="en", description="Language of the course (a BCP 47 tag such as en, fr or fr-CA): the pages' lang."
    )
    audiences: list[Id] = Field(
        default_factory=list,
        description="The audiences (tracks) the built course contains, in this order; empty means every audience.",
    )
    modules: list[Id] = Field(
        default_factory=list,
        description="The modules the built course contains, in this order (numbered 1, 2, ... as listed); "
        "empty means every module, numbered as they are.",
    )

    @property
    def help_checked(self) -> dt.date:
        """The date printed beside every help list: when the services were last checked, or the
        edition for a pack that does not say. The one place outputs read it from."""
        return self.services_checked or self.edition


class Labels(Strict):
    """The fixed words of the interface, in the course's language; English unless a pack says otherwise.

    Everything else a page says comes from the content, so these and `course.language` are
    all a pack in another language has to give for the site's own words to match its lessons.
    """

    exit_this_page: Text = "Exit this page"
    exit_hint: Text = "or press Shift 3 times"
    content_note: Text = "Content note"
    check_your_understanding: Text = "Check your understanding"
    get_help: Text = "Get help"
    where_to_get_help: Text = "Where to get help"
    for_facilitators: Text = "For facilitators"


class Source(Strict):
    """A publication that facts and services cite."""

    id: Id
    title: Text
    publisher: Text
    year: int | None = None
    url: WebUrl
    note: str = ""


class Fact(Strict):
    """One statement the course may make, worded exactly as the fact sheet words it.

    `figures` lists the strings that must appear verbatim wherever a lesson states the fact;
    the check uses them to tell an honest figure from a mistyped or invented one.
    """

    id: Id
    text: Text
    figures: list[Text] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)
    verified: Literal["yes", "secondary", "seed"]
    note: str = ""

    @model_validator(mode="after")
    def _figures_in_text(self) -> Fact:
        missing = [f for f in self.figures if f not in self.text]
        if missing:
            raise ValueError(f"figures {missing} do not appear verbatim in the fact's text")
        return self


class ActionArea(Strict):
    """One of the Prevention Framework's four connected action areas."""

    id: Id
    title: Text
    summary: Text


class Audience(Strict):
    """A group of readers: who they are decides wording, session length and reading level."""

    id: Id
    title: Text
    order: int = Field(description="Position of this audience's track on the site.")
    who: Text = Field(description="Who these readers are, in one or two sentences.")
    needs: Text = Field(description="What they come for; shown on the landing page to help pick a track.")
    tone: Text = Field(description="How lessons for these readers sound; shown to facilitators on every lesson.")
    based_on: Id | None = Field(
        default=None,
        description="An audience whose lessons this one starts from: each of its lessons is copied for these "
        "readers, and this pack's lessons for them override it by lesson or by field.",
    )
    session_minutes: int = Field(ge=15, le=480, description="Typical length of one session.")
    reading_grade_min: float = Field(default=0, description="Lowest Flesch-Kincaid grade of a lesson.")
    reading_grade_max: float = Field(description="Highest Flesch-Kincaid grade of a lesson (textstat).")
    help_for: list[HelpFor] = Field(
        default_factory=lambda: list(ALL_READERS),
        description="Which help services suit these readers themselves.",
    )
    young: bool = Field(default=False, description="Readers may be under 18: help addressed to them comes first.")
    required_activities: list[ActivityKind] = Field(
        default_factory=list, description="Kinds of activity every lesson for this audience includes."
    )
    requires_participation: bool = Field(
        default=False,
        description="Every lesson has an activity in which children's views are sought and acted on (Lundy model).",
    )


class Helpline(Strict):
    """A help or reporting service, only ever copied from the fact sheet."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    country: Country
    kind: HelpKind
    for_: HelpFor = Field(alias="for")
    name: Text
    purpose: Text
    phone: str = ""
    url: OptionalWebUrl = ""
    sources: list[Id] = Field(default_factory=list)
    verified: Literal["yes", "secondary", "seed"] = "yes"
    note: str = ""

    @property
    def id(self) -> str:
        """Services have no id in the fact sheet; country, kind and name together are unique."""
        return f"{self.country}:{self.kind}:{self.name}"


class GlossaryTerm(Strict):
    """A term and, where the terminology guidelines say so, the words to avoid instead of it.

    `avoid` is the only place a banned phrase may appear in a content pack.
    """

    id: Id
    term: Text
    definition: Text
    avoid: list[Text] = Field(default_factory=list, description="Phrases not to use; the check bans them elsewhere.")
    why: str = ""
    sources: list[Id] = Field(default_factory=list)


class ResponseElement(Strict):
    """A step every lesson on sexual extortion must give; `keywords` let the check find it."""

    id: Id
    text: Text
    keywords: list[Text] = Field(min_length=1)
    sources: list[Id] = Field(default_factory=list)


class RuleRemovals(Strict):
    """Default safety rules a pack deliberately switches off; `check` warns about every one.

    List-valued rules from a pack are added to the ones under it, so a pack cannot drop a
    victim-blaming phrase or a response step by rewriting the list; it has to name it here.
    """

    victim_blaming: list[Text] = Field(default_factory=list, description="Phrases no longer caught.")
    sextortion_response: list[Id] = Field(default_factory=list, description="Ids of response steps no longer required.")
    safe_messaging: list[Text] = Field(default_factory=list)
    disclosure_steps: list[Text] = Field(default_factory=list)
    restricted_words: list[Text] = Field(default_factory=list, description="Words no longer restricted.")
    banned_terms: list[Text] = Field(default_factory=list, description="Glossary `avoid` phrases no longer banned.")


class Rules(Strict):
    """Safe-messaging rules from the fact sheet that the check enforces on every lesson.

    Every list here is added to by each pack layered on top; `remove` is the only way to drop one.
    """

    victim_blaming: list[Text] = Field(default_factory=list)
    sextortion_response: list[ResponseElement] = Field(default_factory=list)
    safe_messaging: list[Text] = Field(default_factory=list)
    disclosure_steps: list[Text] = Field(
        default_factory=list, description="What a facilitator does if someone discloses abuse during a session."
    )
    restricted_words: list[RestrictedWord] = Field(default_factory=list)
    removal_overpromises: list[Text] = Field(
        default_factory=list,
        description="Phrases that promise an image is removed or blocked everywhere; removal tools work on "
        "participating platforms only.",
    )
    paired_facts: list[FactPairing] = Field(
        default_factory=list, description="Facts that may only be cited beside a partner fact or reassurance."
    )
    service_names: list[ServiceName] = Field(
        default_factory=list,
        description="Short names lessons use for help services, beyond the services' own names.",
    )
    remove: RuleRemovals = Field(
        default_factory=lambda: RuleRemovals(), description="Default rules this course switches off, on purpose."
    )


class FactPairing(Strict):
    """A fact that must never stand alone, such as the law on nude images without 'you are not in trouble'."""

    fact: Id
    partners: list[Id] = Field(
        default_factory=list, description="Facts whose citation in the same paragraph is enough."
    )
    says: list[Text] = Field(default_factory=list, description="Words whose presence in the same paragraph is enough.")
    hint: Text


class ServiceName(Strict):
    """A name a lesson may call a service by ("IWF"), and words of the helpline names it means."""

    says: Text
    means: Text = Field(description="Text contained in the name of every service the short name may refer to.")


class RestrictedWord(Strict):
    """A word allowed only in a limited form, such as 'sextortion' once and in brackets."""

    word: Text
    allowed_pattern: Annotated[Text, AfterValidator(check_pattern)] = Field(
        description="Regular expression that an allowed use matches."
    )
    max_per_lesson: int = 1
    hint: Text


class Threat(Strict):
    """A threat GTA 2025 names, and the modules that teach it: the rows of the coverage matrix."""

    id: Id
    title: Text
    facts: list[Id] = Field(min_length=1, description="Where GTA 2025 names the threat.")
    modules: list[Id] = Field(min_length=1, description="Modules whose lessons teach it.")


class Module(Strict):
    """A topic of the course, shared by every audience's lesson on it."""

    id: Id
    number: int = Field(ge=1)
    title: Text
    summary: Text
    action_areas: list[Id] = Field(min_length=1)
    facts: list[Id] = Field(default_factory=list, description="Facts every lesson of this module stands on.")
    help: list[HelpKind] = Field(min_length=1, description="Kinds of help this module's pages must signpost.")
    content_note: Text = Field(description="What the module covers, for the note at the top of each page.")
    sextortion: bool = Field(default=False, description="Lessons must carry every sexual-extortion response step.")


class Section(Strict):
    """A titled part of a lesson's body, written in MyST Markdown (headings inside start at ###)."""

    title: Text
    body: Annotated[str, StringConstraints(strip_whitespace=True)] = Field(
        default="", description="The section's MyST Markdown."
    )
    body_file: str = Field(
        default="", description="A MyST file, relative to this YAML file, whose text is the body (instead of body)."
    )

    @model_validator(mode="after")
    def _has_body(self) -> Section:
        if not self.body:
            raise ValueError("a section needs a body, written inline or in a body_file")
        return self


class Phrase(Strict):
    """A 'don't say / say instead' pair; the only place a victim-blaming phrase may be quoted."""

    dont_say: Text
    say_instead: Text


class Step(Strict):
    """One step of an activity, with its own minutes so a facilitator can pace the session."""

    text: Text
    minutes: int = Field(ge=1, le=120, json_schema_extra=FACILITATOR_ONLY)


class Participation(Strict):
    """How an activity seeks children's views and acts on them, in the Lundy model's four parts.

    Children are rights-holders, not only people to protect (fact `lundy-model`): a lesson for
    adults who run settings or services rehearses asking children and telling them what changed.
    """

    space: Text = Field(description="The safe, inclusive opportunity children get to give a view.")
    voice: Text = Field(description="The support they get to express it.")
    audience: Text = Field(description="Who with the power to act listens.")
    influence: Text = Field(description="What is done with the view, and how children hear back what changed.")


class Activity(Strict):
    """Something a group does together: timed, with materials and steps a trainer can follow.

    `minutes` is how long it usually takes and what every plan gives it by default; a workshop
    plan may stretch or squeeze it within `min_minutes` and `max_minutes` when the author allows.
    Steps may be plain text only while a pack is being converted; `check` asks for minutes on
    every step of an activity that has several.
    """

    id: Id
    title: Text
    kind: ActivityKind
    minutes: int = Field(ge=1, le=240, json_schema_extra=FACILITATOR_ONLY)
    min_minutes: int | None = Field(
        default=None,
        ge=1,
        le=240,
        description="Shortest it still works in; default: minutes.",
        json_schema_extra=FACILITATOR_ONLY,
    )
    max_minutes: int | None = Field(
        default=None,
        ge=1,
        le=240,
        description="Longest it is worth running; default: minutes.",
        json_schema_extra=FACILITATOR_ONLY,
    )
    practises: list[int] = Field(
        default_factory=list,
        description="Numbers (from 1) of the lesson's objectives this activity practises; empty means all of them.",
        json_schema_extra=FACILITATOR_ONLY,
    )
    purpose: Text
    materials: list[Text] = Field(min_length=1)
    scenario: str = Field(default="", description="A short case summary; never a transcript or graphic detail.")
    steps: list[Step | Text] = Field(min_length=2)
    phrases: list[Phrase] = Field(default_factory=list)
    variations: list[Text] = Field(default_factory=list, json_schema_extra=FACILITATOR_ONLY)
    participation: Participation | None = Field(
        default=None, description="Where the activity seeks children's views and feeds back to them."
    )

    @model_validator(mode="after")
    def _minutes_in_range(self) -> Activity:
        low, high = self.minutes_range
        if not low <= self.minutes <= high:
            raise ValueError(f"minutes ({self.minutes}) must lie between min_minutes ({low}) and max_minutes ({high})")
        return self

    @property
    def minutes_range(self) -> tuple[int, int]:
        """Shortest and longest the activity may run; both are `minutes` unless the author allows flex."""
        return (self.min_minutes or self.minutes, self.max_minutes or self.minutes)


class Option(Strict):
    """One answer to a question, with the feedback a learner sees after choosing it."""

    text: Text
    correct: bool = Field(default=False, json_schema_extra=FACILITATOR_ONLY)
    feedback: Text = Field(json_schema_extra=FACILITATOR_ONLY)


class Question(Strict):
    """A quiz question; `kind` decides how many options may be correct."""

    id: Id
    kind: Literal["single", "multiple", "true-false", "scenario"]
    scenario: str = Field(default="", description="The short story a scenario question starts with.")
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=6)


TrackCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9A-HJKMNP-TV-Z]{2,3}$"),
    Field(
        description="Two or three capitals or digits naming the track in result codes; no I, L, O or U, so a "
        "code copied by hand cannot be misread (Crockford base 32)."
    ),
]


class KnowledgeOption(Strict):
    """One answer to a knowledge item; the check scores it in the learner's browser."""

    text: Text
    correct: bool = False


class KnowledgeItem(Strict):
    """One question of a track's before-and-after knowledge check, followed by a confidence rating.

    Items test what the course teaches, never the learner's own life: young readers are never
    asked about their own experiences.
    """

    id: Id
    prompt: Text
    options: list[KnowledgeOption] = Field(min_length=2, max_length=4)
    explanation: Text = Field(description="Why the right answer is right; shown after the 'after' check.")
    module: Id = Field(description="The module that teaches this, linked from the results.")

    @model_validator(mode="after")
    def _one_correct(self) -> KnowledgeItem:
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("a knowledge item has exactly one correct option")
        return self


class ThenNow(Strict):
    """A skill the learner rates twice after the course: 'Before this course I could ...' and 'Now I can ...'."""

    id: Id
    can: Text = Field(description="The skill as a verb phrase, e.g. 'explain what grooming is'.")


class KnowledgeCheck(Strict):
    """A track's knowledge check, taken before the course and again after it, in the same order.

    `version` is part of every result code: change it whenever an item's wording, options or order
    changes, so the tally never compares answers to different questions.
    """

    audience: Id
    code: TrackCode
    version: int = Field(ge=1, le=31, description="Form version; one base-32 digit of the result code.")
    items: list[KnowledgeItem] = Field(min_length=6, max_length=6)
    then_now: list[ThenNow] = Field(min_length=3, max_length=3)

    @property
    def id(self) -> str:
        """One check per audience; an overlay pack replaces it by the audience id."""
        return self.audience

    @model_validator(mode="after")
    def _unique_ids(self) -> KnowledgeCheck:
        for what, ids in (("item", [i.id for i in self.items]), ("then_now", [t.id for t in self.then_now])):
            if len(set(ids)) != len(ids):
                raise ValueError(f"{what} ids must be unique within a knowledge check")
        return self

    def authored_text(self) -> list[AuthoredText]:
        """Every piece of prose with its location, for the same checks lessons get."""
        out = []
        for i, item in enumerate(self.items):
            out.append(AuthoredText(("items", i, "prompt"), item.prompt))
            out.append(AuthoredText(("items", i, "explanation"), item.explanation))
            out += [AuthoredText(("items", i, "options", j, "text"), o.text) for j, o in enumerate(item.options)]
        out += [AuthoredText(("then_now", i, "can"), t.can) for i, t in enumerate(self.then_now)]
        return out


def step_text(step: Step | str) -> str:
    """The words of a step, whether it was written with its minutes or as plain text."""
    return step.text if isinstance(step, Step) else step


class Persona(Strict):
    """A fictional person the lessons name; one name keeps one role across the whole course.

    Readers meet the same names in several lessons, so a name that grooms a child in one lesson
    must never be the child who is targeted in another.
    """

    name: Annotated[str, StringConstraints(pattern=r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")]
    role: Literal["child", "young-person", "adult", "harmer"] = Field(
        description="child or young-person (under 18), adult (a parent, worker or bystander), or harmer."
    )
    note: str = ""

    @property
    def id(self) -> str:
        """Personas are identified by their name."""
        return self.name


class AuthoredText(NamedTuple):
    """A piece of prose and where it sits in its item; `quoted` marks a 'don't say' example."""

    loc: tuple[str | int, ...]
    text: str
    quoted: bool = False


class Lesson(Strict):
    """One module taught to one audience: the words, activities and quiz written for them."""

    module: Id
    audience: Id
    minutes: int | None = Field(
        default=None,
        ge=15,
        le=480,
        description="Overrides the audience's session length.",
        json_schema_extra=FACILITATOR_ONLY,
    )
    description: str = Field(
        default="", description="One or two sentences for this audience: the page's meta description and track entry."
    )
    content_note: str = Field(default="", description="Added to the module's content note for this audience.")
    objectives: list[Text] = Field(min_length=3, max_length=5)
    key_messages: list[Text] = Field(min_length=2)
    sections: list[Section] = Field(min_length=1)
    activities: list[Activity] = Field(min_length=2)
    discussion_prompts: list[Text] = Field(min_length=2)
    discussion_minutes: int | None = Field(
        default=None,
        ge=1,
        le=120,
        description="Time the session gives the discussion prompts.",
        json_schema_extra=FACILITATOR_ONLY,
    )
    facilitator_notes: list[Text] = Field(min_length=1, json_schema_extra=FACILITATOR_ONLY)
    quiz: list[Question] = Field(min_length=5)
    facts: list[Id] = Field(default_factory=list, description="Facts this lesson cites beyond its module's.")
    sources: list[Id] = Field(default_factory=list, description="Further reading beyond the cited facts' sources.")

    @model_validator(mode="after")
    def _practised_objectives_exist(self) -> Lesson:
        for activity in self.activities:
            unknown = [n for n in activity.practises if not 1 <= n <= len(self.objectives)]
            if unknown:
                raise ValueError(
                    f"activity '{activity.id}' practises objectives {unknown}, but the lesson has "
                    f"{len(self.objectives)} objectives (number them from 1)"
                )
        return self

    @property
    def id(self) -> str:
        """A lesson is identified by what it teaches to whom; an overlay pack replaces it by this id."""
        return f"{self.module}/{self.audience}"

    def authored_text(self) -> list[AuthoredText]:
        """Every piece of prose in the lesson with its location, for citations and checks."""
        out = [AuthoredText(("description",), self.description), AuthoredText(("content_note",), self.content_note)]
        for field in ("objectives", "key_messages", "discussion_prompts", "facilitator_notes"):
            out += [AuthoredText((field, i), t) for i, t in enumerate(getattr(self, field))]
        for i, section in enumerate(self.sections):
            out += [
                AuthoredText(("sections", i, "title"), section.title),
                AuthoredText(("sections", i, "body"), section.body),
            ]
        for i, activity in enumerate(self.activities):
            at = ("activities", i)
            out += [AuthoredText((*at, f), getattr(activity, f)) for f in ("title", "purpose", "scenario")]
            for field in ("materials", "variations"):
                out += [AuthoredText((*at, field, j), t) for j, t in enumerate(getattr(activity, field))]
            out += [AuthoredText((*at, "steps", j), step_text(s)) for j, s in enumerate(activity.steps)]
            if activity.participation:
                out += [
                    AuthoredText((*at, "participation", f), getattr(activity.participation, f))
                    for f in ("space", "voice", "audience", "influence")
                ]
            for j, phrase in enumerate(activity.phrases):
                out.append(AuthoredText((*at, "phrases", j, "dont_say"), phrase.dont_say, quoted=True))
                out.append(AuthoredText((*at, "phrases", j, "say_instead"), phrase.say_instead))
        for i, question in enumerate(self.quiz):
            out += [AuthoredText(("quiz", i, f), getattr(question, f)) for f in ("scenario", "prompt")]
            for j, option in enumerate(question.options):
                out.append(AuthoredText(("quiz", i, "options", j, "text"), option.text))
                out.append(AuthoredText(("quiz", i, "options", j, "feedback"), option.feedback))
        return [t for t in out if t.text]


class PackFile(Strict):
    """One YAML file of a content pack: any of these collections, in any file of the pack."""

    course: CourseInfo | None = None
    rules: Rules | None = None
    labels: Labels | None = None
    sources: list[Source] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    action_areas: list[ActionArea] = Field(default_factory=list)
    audiences: list[Audience] = Field(default_factory=list)
    helplines: list[Helpline] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    threats: list[Threat] = Field(default_factory=list)
    modules: list[Module] = Field(default_factory=list)
    lessons: list[Lesson] = Field(default_factory=list)
    knowledge_checks: list[KnowledgeCheck] = Field(default_factory=list)


class Course(Strict):
    """A whole course after its packs are layered: what tailoring and the checks work from."""

    info: CourseInfo
    rules: Rules
    labels: Labels = Field(default_factory=lambda: Labels())
    sources: dict[str, Source]
    facts: dict[str, Fact]
    action_areas: dict[str, ActionArea]
    audiences: dict[str, Audience]
    helplines: tuple[Helpline, ...]
    glossary: dict[str, GlossaryTerm]
    personas: dict[str, Persona]
    threats: dict[str, Threat]
    modules: dict[str, Module]
    lessons: dict[str, Lesson]
    knowledge_checks: dict[str, KnowledgeCheck] = Field(default_factory=dict)
    assets: dict[str, bytes] = Field(
        default_factory=dict, description="Images lessons show, by their path in the book, copied from the pack."
    )

    def ordered_audiences(self) -> list[Audience]:
        """Audiences in track order, so every output lists them the same way."""
        return sorted(self.audiences.values(), key=lambda a: (a.order, a.id))

    def ordered_modules(self) -> list[Module]:
        """Modules in course order."""
        return sorted(self.modules.values(), key=lambda m: (m.number, m.id))

    def lessons_for(self, audience: Audience) -> list[Lesson]:
        """The lessons one audience's track holds, in module order."""
        return [
            self.lessons[f"{m.id}/{audience.id}"]
            for m in self.ordered_modules()
            if f"{m.id}/{audience.id}" in self.lessons
        ]


Rules.model_rebuild()
