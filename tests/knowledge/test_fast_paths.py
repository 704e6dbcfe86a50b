"""The loading fast paths give exactly what the plain definitions give, errors included.

`slugify` and `summarize` run once per entry of every import, and canonical YAML is read
without PyYAML's implicit typing and with the cycle collector paused; each is checked here
against the straightforward formulation it replaced, or against the behaviour a user sees.
"""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import detect
from knowledge.gcpause import paused_gc
from knowledge.load import load
from knowledge.manifest import parse_manifest
from knowledge.model import Entry, Level, ParseResult, slugify
from knowledge.parse import canonical_events
from knowledge.parse.canonical import dump, parse, parse_tree
from knowledge.summary import SUMMARY_LIMIT, summarize


def slug_by_character(name: str) -> str:
    """The id as first defined: alphanumerics kept, each other run one hyphen."""
    out: list[str] = []
    dash = False
    for ch in name.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:80] or "entry"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_slugify_is_the_per_character_definition(name: str) -> None:
    assert slugify(name) == slug_by_character(name)


def test_slugify_keeps_every_script_and_digit_kind() -> None:
    for name in ("Ünïcödé — “quotes” & 日本語", "x² ½ ٣", "snake_case__name", "İstanbul", "--"):
        assert slugify(name) == slug_by_character(name), name


_END = re.compile(r"(?<!\d)(?<!e\.g)(?<!i\.e)(?<!\bvs)(?<!\betc)[.!?](?=\s|$)")
_ITEM = re.compile(r"^(?:[-*•]\s+|\d{1,2}[.)]\s+)")


def lead_by_lines(definition: str) -> str:
    """The summary as first written, before its cut to length: every line stripped, and the
    look-behinds tried at every character."""
    lines = [line.strip() for line in definition.splitlines() if line.strip()]
    if not lines:
        return ""
    block = [lines[0]]
    for line in lines[1:]:
        if not _ITEM.match(line):
            break
        block.append(line)
    text = ""
    for i, line in enumerate(block):
        sep = "" if i == 0 else ", " if _ITEM.match(block[i - 1]) else " "
        text += sep + _ITEM.sub("", line)
    if end := _END.search(text):
        text = text[: end.end()]
    return " ".join(text.split())


TRICKY = st.sampled_from(
    [".", "!", "?", " ", "\n", "\r", "\u2028", "\t", "e.g", "i.e", "vs", "etc", "1", "12",
     "- ", "* ", "• ", "3) ", "word", "W", "x" * 60]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(TRICKY, max_size=40).map("".join) | st.text())
def test_summarize_is_the_line_by_line_definition(definition: str) -> None:
    lead, summary = lead_by_lines(definition), summarize(definition)
    if len(lead) <= SUMMARY_LIMIT:
        assert summary == lead
    else:  # the cut to length is unchanged (test_parse_canonical checks it)
        assert summary.endswith("…") and len(summary) <= SUMMARY_LIMIT


def test_null_and_text_scalars_read_as_written() -> None:
    doc = (
        "entries:\n"
        "  - name: A\n    summary:\n    definition: One. Two.\n"
        "  - name: B\n    summary: ~\n    aliases: [NO, 'null', 0x1F, 2026-12-01]\n"
        "  - name: C\n    summary: '~'\n    see_also: ~\n"
    )
    result = parse(doc, "g.yaml")
    assert result.diagnostics == ()
    a, b, c = result.entries
    assert (a.summary, b.summary, c.summary) == ("", "", "~")
    assert b.aliases == ("NO", "null", "0x1F", "2026-12-01")
    assert c.see_also == ()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("    definiton: typo\n", "unknown key 'definiton'"),
        ("    aliases: one\n", "'aliases' must be a list"),
        ("    kind: glossary\n", "'kind' must be one of"),
        ("    links: [{href: x}]\n", "unknown key 'href' in a link"),
    ],
)
def test_an_error_deep_in_a_big_file_names_its_own_line(bad: str, message: str) -> None:
    good = [Entry(f"Term {n}", definition=f"Meaning {n}.") for n in range(2_000)]
    lines = dump(good).splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line == "  - name: Term 1500\n")
    doc = "".join([*lines[: at + 1], bad, *lines[at + 1 :]])
    result = parse(doc, "big.yaml")
    assert len(result.entries) == 1_999
    ((problem,),) = [result.diagnostics]
    assert (problem.level, problem.line) == (Level.ERROR, at + 2)
    assert message in problem.message
    before = lines.index("  - name: Term 1499\n") + 1
    assert result.entries[1499].sources[0].line == before


def test_the_collector_comes_back_as_it_was() -> None:
    assert gc.isenabled()
    parse("entries:\n  - name: A\n", "g.yaml")
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), paused_gc():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # whoever turned it off keeps it off
    finally:
        gc.enable()


def test_loading_the_bundled_glossary_imports_its_own_parsers_only() -> None:
    """Start-up: a parser's module (and its patterns) loads when its format is first used."""
    probe = (
        "import sys\n"
        "from knowledge import load\n"
        "assert load().glossary is not None\n"
        "print(*sorted(m for m in sys.modules if m.startswith('knowledge.parse.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(done.stdout.split())
    bundled = {"hashline", "jekyll", "notes", "flashcards"}
    assert {f"knowledge.parse.{name}" for name in bundled} <= loaded
    unused = {"rst", "anki", "records", "tabular", "mdtable"}
    assert not loaded & {f"knowledge.parse.{name}" for name in unused}


def test_a_broken_manifest_still_quotes_its_line() -> None:
    """The manifest is read with libyaml; a syntax error is reported as PyYAML words it."""
    text = "sources:\n  - file: a.txt\n    format: [hashline\n"
    manifest, (problem,) = parse_manifest(text, Path("manifest.yaml"))
    assert manifest is None
    assert (problem.path, problem.line, problem.level) == ("manifest.yaml", 4, Level.ERROR)
    assert "line 3, column 13:\n        format: [hashline\n                ^" in problem.message
    good, errors = parse_manifest(text.replace("[hashline", "hashline"), Path("m.yaml"))
    assert errors == [] and good is not None
    assert [(s.file, s.format, s.line) for s in good.sources] == [("a.txt", "hashline", 2)]


# The detector's line-start patterns as first written, with `^` tried at every character.
LINE_START_PATTERNS = {
    "_HASHLINE": (r"^[^#\s][^\n]*#[ \t]*$", re.MULTILINE),
    "_MKDOCS": (r"^(?:\*\[[^\]]+\]:|!!!|\?\?\?\+?|///|--8<--)", re.MULTILINE),
    "_TABLE_HEAD": (r"^\|?\s*(?:term|name|word|acronym)\s*\|", re.IGNORECASE | re.MULTILINE),
    "_DEFLIST": (r"^\S[^\n]*\n(?:\n)?:[ \t]+\S", re.MULTILINE),
    "_RST_GLOSSARY": (r"^\.\. glossary::", re.MULTILINE),
    "_RST_UNDERLINE": (r"^\S[^\n]*\n([=\-~^\"'`#*+])\1{2,}[ \t]*$", re.MULTILINE),
    "_RST_DIRECTIVE": (r"^\.\. \S", re.MULTILINE),
    "_ANKI_HEADER": (r"^#(?:separator|html|notetype|deck|tags|columns)[ \t]*:", re.MULTILINE),
}
MARKUP = st.sampled_from(
    ["\n", "\r\n", " ", "\t", "#", "# ", "*[", "]:", "!!!", "???", "///", "--8<--", "|", "term",
     "Name", ": ", ":", ".. ", ".. glossary::", "===", "---", "~~~", "#separator:", "#html :",
     "x", "Word", "\u2028", "\x0c"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "x"]) | MARKUP, max_size=30).map("".join))
def test_the_detectors_line_start_patterns_count_as_when_written_with_caret(text: str) -> None:
    for name, (pattern, flags) in LINE_START_PATTERNS.items():
        fast, plain = getattr(detect, name), re.compile(pattern, flags)
        found, expected = fast.findall("\n" + text), plain.findall(text)
        assert len(found) == len(expected), name
        assert bool(fast.search("\n" + text)) == bool(plain.search(text)), name


@pytest.mark.parametrize(
    ("doc", "line", "message"),
    [
        ("  - ? !!str [a]\n    : b\n    name: X\n", 2, "unknown key '' in an entry"),
        ("  - name: !!str [a]\n", 2, "'name' must be text, not a list or mapping"),
        ("  - name: X\n    aliases: [!!str [a]]\n", 3, "'aliases' must be a list of text items"),
    ],
)
def test_a_list_tagged_as_text_is_an_error_not_text(doc: str, line: int, message: str) -> None:
    """The fast paths take a text-tagged node's value as text only when it is a scalar."""
    ((problem,),) = [parse("entries:\n" + doc, "g.yaml").diagnostics]
    assert (problem.level, problem.line) == (Level.ERROR, line)
    assert message in problem.message


def test_explicitly_tagged_scalars_read_as_written() -> None:
    doc = "entries:\n  - name: !!int 3\n    aliases: [!!int 4, ~, '~']\n    summary: !!null ~\n"
    (entry,) = parse(doc, "g.yaml").entries
    assert (entry.name, entry.aliases, entry.summary, entry.id) == ("3", ("4", "~"), "", "3")


SOUND = [
    "entries:\n  - name: A\n",
    "- name: A\n  aliases: [B, ' A ', B, '']\n- {name: C, kind: NOTE, see_also: [A]}\n",
    "# a comment\nentries:\n- name: 'NO'\n  summary:\n  definition: |\n    One.\n    Two.\n",
    "entries:\n  - name: A\n    links:\n      - https://x.org/a\n"
    "      - {url: ' https://x.org/b ', label: ' B '}\n      - url: https://x.org/c\n"
    "    code: ['x = 1\\n', '  ']\n    tags: ~\n    redirect: ' Z '\n",
    "entries:\n  - name: A\n    id: ' a1 '\n    summary: ~\n    aliases: ~\n    code: []\n",
    '{"entries": [{"name": "A", "definition": "One. Two.", "see_also": ["B"]}]}',
]
TROUBLED = [
    "",
    "# only a comment\n",
    "entries: ~\n",
    "entries: []\nother: 1\n",
    "- name: A\n---\n- name: B\n",
    "- name: &x A\n  aliases: [*x]\n",
    "- name: !!str A\n",
    "- name: A\n  name: B\n",
    "- name: A\n  definiton: typo\n",
    "- name: ''\n",
    "- definition: no name\n",
    "- name: A\n  kind: glossary\n",
    "- name: A\n  aliases: one\n",
    "- name: A\n  aliases: ''\n",
    "- name: A\n  links: [{href: x}]\n",
    "- name: A\n  links: ['  ']\n",
    "- name: A\n  links: [[x]]\n",
    "- name: [A]\n",
    "- just text\n",
    "- name: A\n  definition: [unclosed\n",
    "- name: A\x07\n",
]


@pytest.mark.parametrize("doc", SOUND)
def test_a_sound_file_is_read_from_events_as_from_the_tree(doc: str) -> None:
    fast = canonical_events.entries(doc, "g.yaml")
    assert fast is not None
    assert ParseResult(tuple(fast)) == parse_tree(doc, "g.yaml") == parse(doc, "g.yaml")


@pytest.mark.parametrize("doc", TROUBLED)
def test_the_event_reader_leaves_every_problem_to_the_tree(doc: str) -> None:
    assert canonical_events.entries(doc, "g.yaml") is None
    assert parse(doc, "g.yaml") == parse_tree(doc, "g.yaml")


def test_every_bundled_entry_exported_reads_back_from_events() -> None:
    loaded = load().glossary
    assert loaded is not None
    text = dump(loaded.entries)
    fast = canonical_events.entries(text, "all.yaml")
    assert fast is not None and len(fast) == len(loaded.entries)
    assert ParseResult(tuple(fast)) == parse_tree(text, "all.yaml")


SCALAR = st.sampled_from(["A", "'B'", "~", "''", "NO", "' A '", "term", "Card", "https://x.org"])
VALUE = st.one_of(
    SCALAR,
    st.lists(SCALAR, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
    st.lists(
        st.tuples(st.sampled_from(["url", "label", "href"]), SCALAR), min_size=1, max_size=2
    ).map(lambda pairs: "[{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}]"),
)
KEY = st.sampled_from(["aliases", "kind", "summary", "links", "code", "id", "see_also", "x"])
ENTRIES = st.lists(
    st.tuples(SCALAR, st.dictionaries(KEY, VALUE, max_size=3)).map(
        lambda entry: (
            f"- {{name: {entry[0]}" + "".join(f", {k}: {v}" for k, v in entry[1].items()) + "}\n"
        )
    ),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ENTRIES)
def test_the_event_reader_reads_as_the_tree_or_leaves_the_problems_to_it(doc: str) -> None:
    fast, tree = canonical_events.entries(doc, "g.yaml"), parse_tree(doc, "g.yaml")
    if tree.diagnostics:
        assert fast is None
    else:
        assert fast is not None and ParseResult(tuple(fast)) == tree
