"""Spaced repetition for /practice, with the fsrs library (Free Spaced Repetition Scheduler).

Each user's entries carry an fsrs card. A right answer is rated Good, a wrong one Again,
and fsrs says when the entry is due next. Practice picks due entries first (missed ones
before the rest), then entries the user has never seen, then the soonest due.
"""

from __future__ import annotations

import random
import zlib
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from bot.material import eligible
from bot.quiz.generate import generate_for
from bot.quiz.question import Question, QuestionType
from bot.store import Review, ReviewStore
from knowledge import Entry, Glossary

_SCHEDULER = Scheduler(enable_fuzzing=False)


def next_entry(
    glossary: Glossary, reviews: dict[str, Review], now: datetime, rng: random.Random
) -> Entry | None:
    pool = [e for e in glossary if eligible(e)]
    if not pool:
        return None
    seen = [(reviews[e.id], e) for e in pool if e.id in reviews]
    due = [(r, e) for r, e in seen if r.due <= now]
    if due:
        return min(due, key=lambda pair: (-pair[0].lapses, pair[0].due, pair[1].id))[1]
    unseen = [e for e in pool if e.id not in reviews]
    if unseen:
        return rng.choice(unseen)
    return min(seen, key=lambda pair: (pair[0].due, pair[1].id))[1]


def question_for(glossary: Glossary, entry: Entry, rng: random.Random) -> Question:
    """Some question about `entry`: the types are tried in a random order until one fits."""
    kinds = list(QuestionType)
    rng.shuffle(kinds)
    for kind in kinds:
        try:
            return generate_for(glossary, entry, kind, rng)
        except ValueError:
            continue
    raise ValueError(f"no question can be made about {entry.name!r}")


async def record(
    store: ReviewStore, user: str, entry_id: str, correct: bool, now: datetime
) -> Review:
    """Rate the user's answer and store when the entry is due again."""
    reviews = await store.reviews(user)
    previous = reviews.get(entry_id)
    if previous is not None:
        card = Card.from_json(previous.card)
    else:
        # A fixed id avoids fsrs deriving one from the wall clock (it sleeps to keep them unique).
        card = Card(card_id=zlib.crc32(f"{user}|{entry_id}".encode()))
    rating = Rating.Good if correct else Rating.Again
    card, _ = _SCHEDULER.review_card(card, rating, now)
    lapses = (previous.lapses if previous else 0) + (0 if correct else 1)
    review = Review(entry_id, card.to_json(), card.due, lapses)
    await store.save_review(user, review)
    return review
