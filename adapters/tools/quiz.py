"""`glossbot quiz --sample N [--type T] [--seed S] [--json]`: questions for curators."""

from __future__ import annotations

import argparse
import json
import random
import sys

from adapters.tools.loaded import glossary_or_errors
from bot.config import Config
from bot.quiz.generate import generate
from bot.quiz.question import QuestionType

HELP = "print generated questions for review"
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sample", type=int, default=10, metavar="N", help="how many (default 10)")
    parser.add_argument("--type", choices=[t.value for t in QuestionType], help="default: any")
    parser.add_argument("--seed", type=int, help="reproduce a sample")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")


def run(config: Config, args: argparse.Namespace) -> int:
    if args.sample < 1:
        print("glossbot: --sample must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    glossary = glossary_or_errors(config)
    if glossary is None:
        return EXIT_ERRORS
    rng = random.Random(args.seed)
    wanted = QuestionType(args.type) if args.type else None
    for n in range(1, args.sample + 1):
        try:
            q = generate(glossary, rng, wanted)
        except ValueError as exc:
            print(f"glossbot: {exc}", file=sys.stderr)
            return EXIT_ERRORS
        if args.json:
            correct: object = q.correct if q.options else q.answer
            question = {
                "type": str(q.type),
                "prompt": q.prompt,
                "options": list(q.options),
                "correct": correct,
                "entry": q.entry_name,
            }
            print(json.dumps(question, ensure_ascii=False))
            continue
        print(f"{n}. [{q.type}] {q.prompt}")
        for i, option in enumerate(q.options):
            print(f"   {'*' if i == q.correct else ' '} {chr(65 + i)}. {option}")
        if not q.options:
            print(f"   answer: {q.answer} (also: {', '.join(q.accepted[1:]) or '-'})")
        print(f"   entry: {q.entry_name}\n")
    return EXIT_OK
