"""Run every benchmark in turn: `python -m tests.bench` (what `make bench` does)."""

from __future__ import annotations

from tests.bench import (
    answers,
    import_speed,
    loading,
    lookup_accuracy,
    lookup_latency,
    lookup_scale,
    pg_answers,
    slack_define,
    slack_render,
    startup,
    terms,
)


def main() -> None:
    lookup_latency.main()
    lookup_accuracy.main()
    lookup_scale.main()
    answers.main()
    pg_answers.main()
    startup.main()
    terms.main()
    loading.main()
    import_speed.main()
    slack_render.main()
    slack_define.main()


if __name__ == "__main__":
    main()
