"""The patient app's Learn pages: listed, safe to insert, readable, and complete on red flags.

The pages are static HTML fragments that the app shell inserts into its own page, so
they carry no script, style, event handler, image or link out of the app, and the
red-flag page must name every rule the app alerts on and say when to get urgent care.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reminders.rules import RULES

LEARN = Path(__file__).resolve().parents[2] / "pwa" / "static" / "pwa" / "learn"
SLUGS = (
    "condition",
    "pacing",
    "joint-protection",
    "weight-bearing",
    "aquatic-therapy",
    "red-flags",
    "mood",
)
ALLOWED_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "strong", "section", "a"}
CARE_CARDS = ("urgent", "high", "moderate")  # most severe first, as the page reads
MIN_WORDS, MAX_WORDS = 120, 400
WORDS_PER_MINUTE = 150  # a slow, careful reader: the pages are written for a reading age of 11-12
# How the red-flag page names each rule the app alerts on (reminders.rules.RULES).
RULE_WORDS = {
    "pain_spike": ("pain",),
    "instability": ("gave way", "giving way"),
    "fall": ("fall",),
    "walking_decline": ("walking",),
    "night_pain": ("night pain",),
    "new_limp": ("limp",),
    "gradual_decline": ("creeps up",),
    "low_mood": ("low",),
}


@dataclass
class Fragment:
    """What a Learn page holds, as html.parser reads it."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    # Text inside each care card, by its modifier (urgent, high, moderate), in page order.
    cards: dict[str, list[str]] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return len(" ".join(self.text).split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fragment = Fragment()
        self._open: list[str] = []
        self._card: str | None = None
        self._card_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.fragment.tags.append((tag, dict(attrs)))
        self._open.append(tag)
        if tag == "section":
            if self._card is not None:
                self._card_depth += 1
            else:
                match = re.fullmatch(r"care-card care-card--(\w+)", dict(attrs).get("class") or "")
                if match:
                    self._card = match.group(1)
                    self.fragment.cards[self._card] = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()
        if tag == "section" and self._card is not None:
            if self._card_depth:
                self._card_depth -= 1
            else:
                self._card = None

    def handle_data(self, data: str) -> None:
        self.fragment.text.append(data)
        if self._open and self._open[-1] == "h2":
            self.fragment.h2.append(data.strip())
        if self._card is not None:
            self.fragment.cards[self._card].append(data)


def read(slug: str) -> Fragment:
    reader = _Reader()
    reader.feed((LEARN / f"{slug}.html").read_text(encoding="utf-8"))
    reader.close()
    return reader.fragment


def index() -> dict[str, object]:
    data = json.loads((LEARN / "index.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def pages() -> list[dict[str, object]]:
    listed = index()["pages"]
    assert isinstance(listed, list)
    return listed


def flat(text: list[str]) -> str:
    return " ".join(" ".join(text).split()).lower()


def test_index_lists_every_page_in_reading_order_and_nothing_else() -> None:
    data = index()
    assert data["version"] == 1
    assert [page["slug"] for page in pages()] == list(SLUGS)
    on_disk = {path.stem for path in LEARN.glob("*.html")}
    assert on_disk == set(SLUGS)
    assert {path.name for path in LEARN.iterdir()} == {f"{s}.html" for s in SLUGS} | {"index.json"}


def test_index_entries_have_a_title_a_one_sentence_summary_and_a_reading_time() -> None:
    for page in pages():
        assert set(page) == {"slug", "title", "summary", "minutes"}, page
        slug, title, summary, minutes = (page[k] for k in ("slug", "title", "summary", "minutes"))
        assert isinstance(slug, str)
        fragment = read(slug)
        # The list shows the same title the page opens with.
        assert title == fragment.h2[0], slug
        assert isinstance(summary, str)
        assert summary.endswith("."), slug
        assert summary.count(". ") == 0, f"{slug}: the summary is one sentence"
        assert 20 <= len(summary) <= 120, slug
        assert minutes == max(1, math.ceil(fragment.words / WORDS_PER_MINUTE)), slug


@pytest.mark.parametrize("slug", SLUGS)
def test_fragment_is_plain_semantic_html(slug: str) -> None:
    fragment = read(slug)
    for tag, attrs in fragment.tags:
        assert tag in ALLOWED_TAGS, f"{slug}: <{tag}> is not allowed"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{slug}: event handler {name} on <{tag}>"
            assert name != "style", f"{slug}: inline style on <{tag}>"
            if name == "class":
                assert slug == "red-flags", f"{slug}: classes only on red-flag care cards"
                assert tag == "section", f"{slug}: class on <{tag}>"
                assert value in {f"care-card care-card--{level}" for level in CARE_CARDS}
            elif tag == "a" and name == "href":
                # Only links within the app: no other site, scheme or protocol-relative URL.
                assert value is not None
                assert value.startswith(("/app/", "#")), f"{slug}: link out of the app {value}"
                assert not value.startswith("//"), f"{slug}: link out of the app {value}"
            else:
                pytest.fail(f"{slug}: attribute {name} on <{tag}> is not allowed")
    assert len(fragment.h2) == 1, f"{slug}: exactly one <h2> title"
    assert fragment.tags[0][0] == "h2", f"{slug}: the page opens with its title"


@pytest.mark.parametrize("slug", SLUGS)
def test_fragment_length_suits_a_short_plain_language_page(slug: str) -> None:
    words = read(slug).words
    assert MIN_WORDS <= words <= MAX_WORDS, f"{slug}: {words} words"


@pytest.mark.parametrize("slug", SLUGS)
def test_fragment_has_no_drug_doses_or_urls(slug: str) -> None:
    text = flat(read(slug).text)
    assert not re.search(r"\d\s*(mg|mcg|µg|ml|g)\b", text), slug
    assert "http" not in text
    assert "www." not in text


def test_red_flag_page_names_every_rule_the_app_alerts_on() -> None:
    assert set(RULE_WORDS) == set(RULES), "a new alert rule needs a line on the red-flag page"
    text = flat(read("red-flags").text)
    for rule, words in RULE_WORDS.items():
        assert any(word in text for word in words), f"red-flags page does not name {rule}"


def test_red_flag_page_has_the_three_care_cards_most_severe_first() -> None:
    fragment = read("red-flags")
    assert list(fragment.cards) == list(CARE_CARDS)
    moderate = flat(fragment.cards["moderate"])
    for sign in ("night pain", "limp", "low"):
        assert sign in moderate
    high = flat(fragment.cards["high"])
    for sign in ("fall", "gave way", "walking", "pain"):
        assert sign in high
    assert "care team" in high
    assert "care team" in moderate


def test_red_flag_page_sends_a_head_strike_or_a_leg_that_cannot_bear_weight_to_urgent_care() -> (
    None
):
    urgent = flat(read("red-flags").cards["urgent"])
    assert "urgent care now" in urgent
    assert "emergency" in urgent
    assert "hit your head" in urgent
    assert "cannot put weight on your leg" in urgent
    assert "fall" in urgent
    assert "sudden, severe pain" in urgent


def test_mood_page_points_to_the_care_team_and_to_urgent_help_when_unsafe() -> None:
    text = flat(read("mood").text)
    assert "care team" in text
    assert "harm yourself" in text
    assert "emergency" in text


def test_reader_finds_care_cards_and_rejects_what_the_pages_must_not_hold() -> None:
    # The checks above are only as good as the reader: show it sees what it must refuse.
    reader = _Reader()
    reader.feed(
        '<h2>T</h2><section class="care-card care-card--urgent"><p>Now</p></section>'
        '<p onclick="x()" style="color:red">Later</p><script>alert(1)</script>'
    )
    reader.close()
    tags = reader.fragment.tags
    assert reader.fragment.cards == {"urgent": ["Now"]}
    assert ("p", {"onclick": "x()", "style": "color:red"}) in tags
    assert any(tag == "script" for tag, _ in tags)
    assert "script" not in ALLOWED_TAGS
