"""A synthetic glossary of any size, and the kinds of query users type against it.

Names are one to three words of the bundled glossary's own vocabulary plus a type suffix,
unique by comparison key (no 'Foo Model' beside 'Foos Model', no numbered copies), and
about one in twenty carries an acronym of its initials, as real headings do. Off-topic
queries are everyday phrases whose words the vocabulary does not hold at all, so any
answer to them is a false match.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from knowledge import Entry, Glossary, names

SUFFIXES = ("Model", "Algorithm", "Dataset", "Company", "Loss Function", "Benchmark", "")

EVERYDAY = [
    "pizza",
    "kubernetes",
    "password",
    "banana",
    "bread",
    "recipe",
    "weather",
    "today",
    "tomorrow",
    "football",
    "basketball",
    "tennis",
    "cricket",
    "flights",
    "paris",
    "london",
    "tokyo",
    "holiday",
    "vacation",
    "birthday",
    "wedding",
    "dentist",
    "doctor",
    "appointment",
    "lunch",
    "dinner",
    "breakfast",
    "coffee",
    "espresso",
    "latte",
    "sandwich",
    "burger",
    "noodles",
    "sushi",
    "salad",
    "chocolate",
    "cookie",
    "muffin",
    "pancake",
    "printer",
    "stapler",
    "keyboard",
    "monitor",
    "laptop",
    "charger",
    "umbrella",
    "jacket",
    "sweater",
    "shoes",
    "socks",
    "garden",
    "flowers",
    "tulips",
    "roses",
    "tomato",
    "potato",
    "carrot",
    "onion",
    "garlic",
    "pepper",
    "salt",
    "sugar",
    "butter",
    "cheese",
    "yogurt",
    "milk",
    "juice",
    "lemonade",
    "beer",
    "wine",
    "whisky",
    "guitar",
    "piano",
    "violin",
    "drums",
    "concert",
    "movie",
    "ticket",
    "cinema",
    "theatre",
    "museum",
    "zoo",
    "giraffe",
    "elephant",
    "zebra",
    "penguin",
    "kangaroo",
    "dolphin",
    "puppy",
    "kitten",
    "hamster",
    "parrot",
    "bicycle",
    "scooter",
    "motorbike",
    "taxi",
    "subway",
    "airport",
    "hotel",
    "beach",
    "mountain",
    "river",
    "lake",
    "forest",
    "desert",
    "island",
    "volcano",
    "earthquake",
    "rainbow",
    "thunder",
    "snowman",
    "sunscreen",
    "swimming",
    "yoga",
    "gym",
    "marathon",
    "haircut",
    "barber",
    "shampoo",
    "toothbrush",
    "toothpaste",
    "laundry",
    "vacuum",
    "dishwasher",
    "fridge",
    "oven",
    "kettle",
    "toaster",
    "blender",
    "mortgage",
    "rent",
    "invoice",
    "taxes",
    "receipt",
    "payroll",
    "bonus",
    "salary",
    "promotion",
    "meeting",
    "calendar",
    "reminder",
    "alarm",
    "clock",
    "wallet",
    "keys",
    "passport",
    "visa",
    "embassy",
    "grandma",
    "grandpa",
    "cousin",
    "nephew",
    "niece",
    "neighbour",
    "plumber",
    "electrician",
    "carpenter",
    "painter",
]
PHRASES = (
    "how do I reset my {0}",
    "where can I buy {0}",
    "{0} near me",
    "best {0} for {1}",
    "{0} and {1}",
    "what time is the {0}",
    "cheap {0}",
    "{0}",
)


def vocabulary(glossary: Glossary) -> list[str]:
    """Words of the bundled definitions, one per comparison key (so no plural twins)."""
    by_key: dict[str, str] = {}
    for entry in glossary:
        for word in entry.definition.split():
            if word.isalpha() and len(word) > 3:
                by_key.setdefault(names.key(word), word.lower())
    return sorted(by_key.values())


def synthetic(size: int, rng: random.Random, words: list[str]) -> Glossary:
    entries: list[Entry] = []
    seen: set[str] = set()
    while len(entries) < size:
        picked = rng.sample(words, rng.choices((1, 2, 3), (1, 3, 6))[0])
        base = " ".join(w.capitalize() for w in picked)
        if len(picked) >= 2 and rng.random() < 0.05:
            base += " (" + "".join(w[0].upper() for w in picked) + ")"
        name = f"{base} {rng.choice(SUFFIXES)}".strip()
        k = names.key(name)
        if k in seen:
            continue
        seen.add(k)
        entries.append(Entry(name=name, definition="About it.", id=f"e{len(entries)}"))
    return Glossary(tuple(entries))


def typo(rng: random.Random, text: str) -> str:
    """One edit inside the text: a letter dropped or two neighbours swapped."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _acronym(entry: Entry) -> str:
    return names.parse_heading(entry.name).acronym


def query_kinds(
    glossary: Glossary, rng: random.Random, count: int, words: list[str]
) -> dict[str, list[tuple[str, str]]]:
    """(query, expected entry id or '') per kind: exact, acronym, one typo, two typos,
    off-topic. A typo that happens to spell another entry's name is drawn again."""
    pool = list(glossary)
    keys = {names.key(f) for e in pool for f in names.forms(e)[0]}
    with_acronym = [e for e in pool if _acronym(e)]
    known = {names.key(w) for w in words}
    everyday = [w for w in EVERYDAY if names.key(w) not in known]

    def typos(times: int) -> Callable[[], tuple[str, str]]:
        def make() -> tuple[str, str]:
            while True:
                entry = rng.choice(pool)
                text = entry.name.lower()
                for _ in range(times):
                    text = typo(rng, text)
                if names.key(text) not in keys:
                    return text, entry.id

        return make

    def off_topic() -> tuple[str, str]:
        return rng.choice(PHRASES).format(*rng.sample(everyday, 2)), ""

    def exact() -> tuple[str, str]:
        entry = rng.choice(pool)
        return entry.name, entry.id

    def acronym() -> tuple[str, str]:
        entry = rng.choice(with_acronym)
        return _acronym(entry).lower(), entry.id

    makers: dict[str, Callable[[], tuple[str, str]]] = {
        "exact": exact,
        "acronym": acronym,
        "one typo": typos(1),
        "two typos": typos(2),
        "off-topic": off_topic,
    }
    return {kind: [make() for _ in range(count)] for kind, make in makers.items()}
