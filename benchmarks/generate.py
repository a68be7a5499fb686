"""Deterministic synthetic briefs for the benchmarks (issue 7): 100 to 50,000 statements.

The briefs follow the format exactly (docs/format.md) and look like hand-kept ones: multilingual
quotes with accents and translations, partial, approximate and uncertain dates, intervals, every
status and kind, comments, `x-` keys and Markdown notes. Text lengths are realistic, so the
10,000-statement brief weighs about 4 MB, like the one the issue measured.

The YAML is written as text (not dumped) so that it can carry comments and so that generating
the 50,000-statement brief takes a second, not a minute. The same seed always gives the same bytes.

Usage: `.venv/bin/python benchmarks/generate.py [--sizes 100 1000 10000 50000] [--out DIR] [--seed N]`
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
SIZES = (100, 1_000, 10_000, 50_000)
SEED = 7
START = date(2024, 1, 1)

# A few hundred words per language are enough for text that looks and sizes like reporting.
WORDS: dict[str, str] = {
    "en": "the government said talks would continue next week after envoys met in private to discuss "
    "a ceasefire plan security guarantees sanctions relief prisoners exchange territory elections "
    "we are ready to negotiate but not under pressure nobody has consulted us about this proposal "
    "our position has not changed the text is a working draft and many points remain open there is "
    "no agreement yet reports of a deal are premature we will defend our interests the people deserve "
    "peace and justice international law must be respected",
    "fr": "nous n'avons rien de nouveau à communiquer sur ce sujet la délégation française a rappelé "
    "que toute négociation doit être menée avec l'Ukraine le président a déclaré être prêt à "
    "examiner chaque proposition sérieuse les garanties de sécurité restent la priorité nous "
    "refusons toute capitulation déguisée l'Europe doit être associée à ces discussions il est "
    "trop tôt pour parler d'un accord la paix ne peut pas être imposée",
    "de": "die Bundesregierung prüft den Vorschlag sorgfältig wir stehen fest an der Seite der "
    "Ukraine über Gebietsabtretungen entscheidet allein Kiew ein Waffenstillstand muss überprüfbar "
    "sein Gespräche hinter verschlossenen Türen ersetzen keine Verhandlungen die Sanktionen "
    "bleiben bestehen bis Russland seine Truppen zurückzieht Europa muss mitreden",
    "es": "el gobierno español considera que cualquier acuerdo debe respetar la soberanía de "
    "Ucrania no hemos recibido ningún documento oficial la paz debe ser justa y duradera "
    "seguiremos apoyando a nuestros aliados las conversaciones continúan según lo previsto "
    "todavía no hay fecha para la próxima reunión",
    "pt-BR": "o governo brasileiro defende uma solução negociada para o conflito não recebemos "
    "nenhuma proposta formal até agora a diplomacia é o único caminho possível estamos dispostos "
    "a mediar se as partes pedirem a situação humanitária é gravíssima",
    "uk": "ми не отримували жодного офіційного документа Україна не погодиться на втрату "
    "територій гарантії безпеки мають бути юридично зобов'язуючими переговори можливі лише "
    "за участі України ми вдячні партнерам за підтримку мир має бути справедливим",
    "ru": "нам нечего добавить по этому поводу мы не получали никаких официальных предложений "
    "российская сторона открыта для диалога основные причины конфликта должны быть устранены "
    "переговоры идут в закрытом режиме преждевременно говорить о каких-либо договорённостях",
    "ar": "لم نتلق أي اقتراح رسمي حتى الآن ندعو جميع الأطراف إلى ضبط النفس الحل السياسي هو "
    "الطريق الوحيد المفاوضات مستمرة خلف الأبواب المغلقة نرحب بكل جهد يهدف إلى السلام",
}
WORD_LISTS = {lang: text.split() for lang, text in WORDS.items()}
LANGS = tuple(WORDS)
LANG_WEIGHTS = (40, 14, 8, 7, 5, 10, 10, 6)

GROUPS = ("US", "Russia", "Ukraine", "Europe", "China", "Gulf", "UN", "Türkiye", "Brazil", "Media")
FIRST = "Anna Björn Chloé Dmitry Élodie François Greta Hélène Igor José Kateryna Łukasz Mária Núria "
FIRST += "Olena Pål Renée Søren Tomás Ümit Valérie Wojciech Yuliia Zoë Steve Marco Sergei Oleksandr"
LAST = "Alvarez Böhm Castañeda Dupré Eriksson Fernández García Hoffmann Ivanova Jørgensen Kovalenko "
LAST += "Lefèvre Müller Nováková O'Brien Petrov Quiñones Rasmussen Schröder Tkachenko Urbański "
LAST += "Vasquez Weiß Yılmaz Zieliński Witkoff Peskov Lavrov Yermak Sybiha"
FIRST_NAMES, LAST_NAMES = FIRST.split(), LAST.split()
ROLES = (
    "spokesman",
    "foreign minister",
    "special envoy",
    "national security adviser",
    "ambassador to the UN",
    "chief negotiator",
    "member of parliament",
    "defence minister",
    "press secretary",
    "deputy prime minister",
)
PLACES = ("Geneva", "Moscow", "Kyiv", "Washington", "Brussels", "Abu Dhabi", "Istanbul", "Riyadh", "Paris")
SOURCE_KINDS = ("outlet", "agency", "official", "document", "social", "other")
ACTOR_KINDS = ("person", "organisation", "state", "group", "media")
EVENT_STATUSES = ("reported", "confirmed", "denied", "disputed", "unverified")
QUESTION_STATUSES = ("open", "answered", "moot")
RELIABILITY = "ABCDEF"
TAGS = ("ceasefire", "sanctions", "territory", "security-guarantees", "prisoners", "energy", "elections")


@dataclass(frozen=True)
class Counts:
    """How many items of each kind a brief of `statements` statements has."""

    statements: int
    actors: int
    events: int
    questions: int
    sources: int

    @classmethod
    def for_statements(cls, statements: int) -> Counts:
        """Proportions of a story followed for a long time: about 5 statements per event,
        30 per actor, 50 per open question and 100 per source."""
        return cls(
            statements=statements,
            actors=max(8, statements // 30),
            events=max(10, statements // 5),
            questions=max(5, statements // 50),
            sources=max(6, statements // 100),
        )


def q(text: str) -> str:
    """A YAML double-quoted scalar; JSON's string syntax is a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    """Builds one brief's YAML text from a seeded random source."""

    def __init__(self, counts: Counts, seed: int) -> None:
        self.counts = counts
        self.rng = random.Random(f"{seed}:{counts.statements}")
        self.lines: list[str] = []

    def words(self, lang: str, low: int, high: int) -> str:
        """A sentence of `low`..`high` words in `lang`."""
        pool = WORD_LISTS[lang]
        text = " ".join(self.rng.choices(pool, k=self.rng.randint(low, high)))
        return text[0].upper() + text[1:]

    def date_text(self, index: int, total: int, *, vague: bool = True) -> str:
        """Dates spread over 2024-2025 in file order, some partial, approximate or uncertain."""
        when = START + timedelta(days=730 * index // max(1, total))
        year, month, day = when.year, when.month, when.day
        roll = self.rng.random() if vague else 1.0
        if roll < 0.03:
            return q(f"{year}")
        if roll < 0.08:
            return f"{year}-{month:02d}"
        if roll < 0.11:
            return q(f"{year}-{month:02d}~")
        if roll < 0.13:
            return q(f"{year}-{month:02d}-{day:02d}?")
        if roll < 0.18:
            return q(
                f"{year}-{month:02d}-{day:02d}T{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}Z"
            )
        if roll < 0.20:
            return q(f"{year}-{month:02d}-{day:02d}T{self.rng.randint(0, 23):02d}:30+02:00")
        return f"{year}-{month:02d}-{day:02d}"

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def markdown(self, indent: str, lang: str = "en") -> None:
        """A short Markdown block scalar (the key is already written)."""
        self.emit(
            f"{indent}  {self.words(lang, 12, 30)} **{self.words(lang, 2, 4)}**.",
            f"{indent}  ",
            f"{indent}  - {self.words(lang, 4, 10)}",
            f"{indent}  - [{self.words('en', 1, 3)}](https://example.org/{self.rng.randint(1, 99999)})",
        )

    def header(self) -> None:
        c = self.counts
        self.emit(
            "# yaml-language-server: $schema=../schema.json",
            f"# Synthetic brief for the benchmarks: {c.statements} statements, {c.actors} actors,",
            f"# {c.events} events, {c.questions} questions, {c.sources} sources. Generated; do not edit.",
            "briefing: 1",
            f"title: Synthetic story at scale — {c.statements:,} statements",
            "as_of: 2025-12-31",
            "language: en",
            "summary: |",
        )
        self.markdown("")
        self.emit(
            "tags: [synthetic, benchmark, ukraine, diplomacy]", "x-generator: benchmarks/generate.py", ""
        )

    def sources(self) -> None:
        self.emit("# ── Sources ──────────────────────────────────────────────", "sources:")
        for i in range(self.counts.sources):
            name = f"{self.words('en', 1, 3)} Wire {i}"
            self.emit(f"  - id: src-{i}", f"    name: {q(name)}")
            self.emit(f"    kind: {SOURCE_KINDS[i % len(SOURCE_KINDS)]}")
            if i % 3:
                self.emit(f"    url: https://news{i}.example.com/")
            if i % 4:
                self.emit(f"    reliability: {RELIABILITY[i % len(RELIABILITY)]}")
            if i % 5 == 0:
                self.emit("    notes: |")
                self.markdown("    ")
        self.emit("")

    def actor_ids(self) -> list[str]:
        return [f"a-{i}" for i in range(self.counts.actors)]

    def actors(self) -> None:
        self.emit("# ── Actors ───────────────────────────────────────────────", "actors:")
        states = max(1, self.counts.actors // 10)
        for i in range(self.counts.actors):
            group = GROUPS[i % len(GROUPS)]
            kind = "state" if i < states else ACTOR_KINDS[i % len(ACTOR_KINDS)]
            if kind == "state":
                name = f"State of {group} {i}"
            else:
                name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7) % len(LAST_NAMES)]} {i}"
            self.emit(f"  - id: a-{i}", f"    name: {q(name)}", f"    kind: {kind}")
            if kind != "state":
                self.emit(f"    role: {q(f'{group} {ROLES[i % len(ROLES)]}')}")
                self.emit(f"    affiliation: a-{i % states}")
            self.emit(f"    group: {q(group)}")
            if i % 3 == 0:
                self.emit(f"    aliases: [{q(name.upper())}, {q(name.split()[-2] if ' ' in name else name)}]")
            if i % 7 == 0:
                self.emit("    notes: |")
                self.markdown("    ")
            if i % 4 == 0:
                self.emit(f"    tags: [{TAGS[i % len(TAGS)]}]")
        self.emit("")

    def events(self) -> None:
        self.emit("# ── Events (the timeline) ────────────────────────────────", "events:")
        c = self.counts
        for i in range(c.events):
            date = self.date_text(i, c.events)
            if i % 11 == 0 and not date.startswith('"'):
                date = q(f"{date}/{self.date_text(i + 3, c.events, vague=False)}")
            actors = sorted({f"a-{self.rng.randrange(c.actors)}" for _ in range(self.rng.randint(1, 3))})
            sources = sorted({f"src-{self.rng.randrange(c.sources)}" for _ in range(self.rng.randint(0, 2))})
            self.emit(f"  - id: e-{i}", f"    date: {date}", f"    title: {q(self.words('en', 5, 12))}")
            if i % 2:
                self.emit(f"    place: {PLACES[i % len(PLACES)]}")
            self.emit(f"    actors: [{', '.join(actors)}]")
            if sources:
                self.emit(f"    sources: [{', '.join(sources)}]")
            self.emit(f"    status: {EVENT_STATUSES[i % len(EVENT_STATUSES)]}")
            if i % 3:
                self.emit(f"    credibility: {1 + i % 6}")
            if i % 6 == 0:
                self.emit("    notes: |")
                self.markdown("    ")
            if i % 5 == 0:
                self.emit(f"    tags: [{TAGS[i % len(TAGS)]}, {TAGS[(i + 3) % len(TAGS)]}]")
            if i % 97 == 0:
                self.emit(f"    x-checked-by: {q('desk ' + str(i % 4))}  # a user's own field")
        self.emit("")

    def statements(self) -> None:
        self.emit("# ── Statements ───────────────────────────────────────────", "statements:")
        c = self.counts
        for i in range(c.statements):
            actor = f"a-{self.rng.randrange(c.actors)}"
            kind = "declined" if i % 17 == 0 else "paraphrase" if i % 5 == 0 else "quote"
            lang = self.rng.choices(LANGS, LANG_WEIGHTS)[0] if kind == "quote" else "en"
            if i % 250 == 0:
                self.emit(f"  # statements {i}–{min(i + 249, c.statements - 1)}")
            self.emit(f"  - id: s-{i}", f"    actor: {actor}", f"    date: {self.date_text(i, c.statements)}")
            if i % 4:
                self.emit(
                    f"    event: e-{min(c.events - 1, i * c.events // c.statements + self.rng.randint(0, 2))}"
                )
            if kind != "quote" or i % 9 == 0:
                self.emit(f"    kind: {kind}")
            if kind == "declined":
                excuse = "Did not respond to a request for comment by " + self.words("en", 2, 5)
                self.emit(f"    context: {q(excuse)}")
            else:
                self.emit(f"    quote: {q(self.words(lang, 14, 34))}")
                if lang != "en":
                    self.emit(f"    lang: {lang}", f"    translation: {q(self.words('en', 12, 30))}")
                if i % 3 == 0:
                    self.emit(f"    context: {q(self.words('en', 5, 14))}")
            self.emit(f"    source: src-{self.rng.randrange(c.sources)}")
            if i % 8 == 0:
                self.emit(f"    tags: [{TAGS[i % len(TAGS)]}]")
        self.emit("")

    def questions(self) -> None:
        self.emit("# ── Questions (what is still open) ───────────────────────", "questions:")
        c = self.counts
        for i in range(c.questions):
            status = QUESTION_STATUSES[i % len(QUESTION_STATUSES)]
            self.emit(f"  - id: q-{i}", f"    question: {q(self.words('en', 6, 16) + '?')}")
            if status != "open" or i % 2:
                self.emit(f"    status: {status}")
            if status == "answered":
                self.emit("    answer: |")
                self.markdown("    ")
            self.emit(f"    actors: [a-{i % c.actors}, a-{(i * 13 + 1) % c.actors}]")
            if i % 2 == 0:
                self.emit(f"    events: [e-{(i * 31) % c.events}]")
            if i % 3 == 0:
                self.emit(f"    sources: [src-{i % c.sources}]")
            if i % 4 == 0:
                self.emit(f"    tags: [{TAGS[i % len(TAGS)]}]")

    def text(self) -> str:
        self.header()
        self.sources()
        self.actors()
        self.events()
        self.statements()
        self.questions()
        return "\n".join(self.lines) + "\n"


def brief_text(statements: int, seed: int = SEED) -> str:
    """The YAML text of a synthetic brief with `statements` statements (same seed, same text)."""
    return _Writer(Counts.for_statements(statements), seed).text()


def path_for(statements: int, out: Path = OUT) -> Path:
    """Where the brief of that size is written."""
    return out / f"synthetic-{statements}.yaml"


def generate(statements: int, out: Path = OUT, seed: int = SEED) -> Path:
    """Write the brief of that size (unless the same bytes are already there) and return its path."""
    return write(path_for(statements, out), brief_text(statements, seed))


def with_typo(text: str) -> str:
    """The same brief with one typo: the key `source` of its middle statement spelt `sourc`."""
    middle = text.index("statements:\n") + (len(text) - text.index("statements:\n")) // 2
    at = text.index("    source: ", middle)
    return text[:at] + "    sourc: " + text[at + len("    source: ") :]


def with_story_moved(text: str, count: int = 50) -> str:
    """A later version of the same brief: the first `count` unverified items confirmed, for `diff`."""
    return text.replace("status: unverified", "status: confirmed", count)


def references_text(statements: int, actors: int = 5_000, *, broken: bool = False) -> str:
    """A brief of `actors` actors and `statements` statements that each name one of them; when
    `broken`, every statement misspells its actor (`actr-00042` for `actor-00042`), so that each
    reference is an error that asks for a did-you-mean among all the actors."""
    lines = ["briefing: 1", "title: References at scale", "as_of: 2025-12-31", "sources:"]
    lines += ["  - id: wire", "    name: Wire", "actors:"]
    for index in range(actors):
        lines += [f"  - id: actor-{index:05d}", f"    name: Actor {index}"]
    lines.append("statements:")
    prefix = "actr" if broken else "actor"
    for index in range(statements):
        lines += [f"  - id: s-{index}", f"    actor: {prefix}-{index % actors:05d}"]
        lines += [f"    quote: {q(f'Statement number {index}.')}", "    source: wire"]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> Path:
    """Write `text` to `path` unless the same bytes are already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="statement counts")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default benchmarks/out)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for size in args.sizes:
        path = generate(size, args.out, args.seed)
        print(f"{path}  {path.stat().st_size / 1e6:.2f} MB  {Counts.for_statements(size)}")


if __name__ == "__main__":
    main()
