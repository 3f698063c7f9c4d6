"""Every key and value form of the SPEC §1 field table, one field at a time.

Each test writes a reference-shaped header (single-quoted strings, ``heroImage``,
``read_time: '8 mins'``, date-only ``publish_date``) and states the expected value
as read from that header.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import summitfeed
from summitfeed import Person
from summitfeed._read.frontmatter import parse_front_matter
from summitfeed._read.normalize import (
    FIELD_KEYS,
    ImageProbe,
    Normalized,
    normalize_article,
)
from summitfeed._render.item import render_item
from tests.conftest import (
    BASE_URL,
    NOW,
    Raw,
    basic_fields,
    build_to,
    load,
    make_site,
    normalize,
    utc,
    write_article,
)

ZURICH_SITE = make_site()  # Europe/Zurich: UTC+1 in winter, UTC+2 in summer


def fields(**more: Any) -> dict[str, object]:
    return basic_fields("Morning on the Moraine", "2025-02-13", **more)


def only(**given: Any) -> dict[str, object]:
    """Title plus exactly the given keys (no defaults that could hide a fallback)."""
    return {"title": "Morning on the Moraine", **given}


# --- title, subtitle ----------------------------------------------------------------


def test_title_is_plain_text_kept_as_written() -> None:
    article = load(fields(title="Rock & Ice: *not* <em>markup</em>"))
    assert article.title == "Rock & Ice: *not* <em>markup</em>"


@pytest.mark.parametrize(("written", "text"), [("2025", "2025"), ("1.10", "1.10")])
def test_yaml_number_for_a_text_field_is_taken_as_written(
    written: str, text: str
) -> None:
    article = load(fields(title=Raw(written), subtitle=Raw(written)))
    assert article.title == text
    assert article.subtitle == text


def test_title_is_trimmed() -> None:
    assert load(fields(title="  Spaced Out  ")).title == "Spaced Out"


def test_subtitle() -> None:
    assert load(fields(subtitle="Crampons at dawn")).subtitle == "Crampons at dawn"
    assert load(fields()).subtitle is None


# --- summary ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["description", "summary", "excerpt"])
def test_summary_keys(key: str) -> None:
    article = load(only(publish_date="2025-02-13", **{key: "From the " + key + "."}))
    assert article.summary == "From the " + key + "."


def test_summary_first_key_wins() -> None:
    article = load(
        only(
            publish_date="2025-02-13",
            excerpt="Third.",
            summary="Second.",
            description="First.",
        )
    )
    assert article.summary == "First."


def item_for(
    given: dict[str, object], body: str, *, site: summitfeed.Site | None = None
) -> summitfeed.FeedItem:
    site = site or ZURICH_SITE
    article = load(given, site=site, body=body)
    return render_item(article, body, site=site)


def test_summary_from_body_up_to_more_marker() -> None:
    body = (
        "We left the hut at five.\n\nThe snow bridge held.\n\n<!--more-->\n\n"
        "After the bergschrund the slope steepened.\n"
    )
    item = item_for(only(publish_date="2025-02-13"), body)
    assert item.article.summary is None
    assert item.summary == "We left the hut at five. The snow bridge held."


def test_summary_from_first_paragraph_as_plain_text() -> None:
    body = "A *windy* day on the [ridge](/ridge/).\n\nSecond paragraph.\n"
    item = item_for(only(publish_date="2025-02-13"), body)
    assert item.summary == "A windy day on the ridge."


def test_summary_cut_at_word_boundary_near_300() -> None:
    words = " ".join(f"word{n:03d}" for n in range(100))  # 799 characters
    item = item_for(only(publish_date="2025-02-13"), words + "\n")
    assert item.summary.endswith("…")
    kept = item.summary[:-1]
    assert 250 <= len(kept) <= 300
    assert words.startswith(kept)
    assert words[len(kept)] == " "  # cut between words


# --- authors ------------------------------------------------------------------------


def test_author_as_text() -> None:
    assert load(fields(author="Mara Keller")).authors == (Person("Mara Keller"),)


def test_author_name_and_email() -> None:
    article = load(fields(author="Mara Keller <mara@trails.example.org>"))
    assert article.authors == (Person("Mara Keller", email="mara@trails.example.org"),)


def test_author_mapping() -> None:
    article = load(
        fields(
            author={
                "name": "Ilse Vogt",
                "email": "ilse@trails.example.org",
                "url": "https://ilse.example.org/",
            }
        )
    )
    assert article.authors == (
        Person(
            "Ilse Vogt",
            email="ilse@trails.example.org",
            url="https://ilse.example.org/",
        ),
    )


def test_author_list_of_every_form() -> None:
    article = load(
        fields(
            author=[
                "Mara Keller",
                "Nils Brunner <nils@trails.example.org>",
                {"name": "Ilse Vogt", "url": "https://ilse.example.org/"},
            ]
        )
    )
    assert article.authors == (
        Person("Mara Keller"),
        Person("Nils Brunner", email="nils@trails.example.org"),
        Person("Ilse Vogt", url="https://ilse.example.org/"),
    )


def test_authors_key_and_first_key_wins() -> None:
    plural = {k: v for k, v in fields(authors=["Ilse Vogt"]).items() if k != "author"}
    assert load(plural).authors == (Person("Ilse Vogt"),)
    both = fields(author="Mara Keller", authors=["Ilse Vogt"])
    assert load(both).authors == (Person("Mara Keller"),)


def test_author_absent_uses_site_author() -> None:
    site = make_site(
        author=(Person("Trail Log Desk", email="desk@trails.example.org"),)
    )
    article = load(only(publish_date="2025-02-13"), site=site)
    assert article.authors == site.author
    assert load(only(publish_date="2025-02-13")).authors == ()


def test_author_name_is_plain_text() -> None:
    assert load(fields(author="*Mara* Keller")).authors[0].name == "*Mara* Keller"


def test_author_mapping_with_keys_of_other_themes_keeps_name_email_url() -> None:
    # Theme templates read more of an author than a feed has room for.
    result = normalize_with(
        "author:\n"
        "  name: Ilse Vogt\n"
        "  url: https://ilse.example.org/\n"
        "  twitter: ilsevogt\n"
        "  position: Trail warden\n"
        "  blurb: Walks the ridge every spring.\n"
        "  guest: true\n"
        "  link: https://ilse.example.org/about/\n"
    )
    assert result.warnings == ()
    assert result.article.authors == (
        Person("Ilse Vogt", url="https://ilse.example.org/"),
    )


@pytest.mark.parametrize(
    ("written", "meant"), [("emial", "email"), ("e-mail", "email"), ("urls", "url")]
)
def test_author_key_like_a_mistyped_one_is_a_warning(written: str, meant: str) -> None:
    result = normalize_with(
        f"author:\n  name: Ilse Vogt\n  {written}: x\n  company: Ridge Huts\n"
    )
    assert result.warnings == (
        f"content/t.md:4: author: {written} is not a key of a person, left out; "
        f"did you mean {meant}?",
    )
    assert result.article.authors == (Person("Ilse Vogt"),)


def test_author_key_beside_the_one_it_resembles_is_no_mistyping() -> None:
    result = normalize_with("author:\n  name: Ilse Vogt\n  names: [Ilse, I. Vogt]\n")
    assert result.warnings == ()


def test_author_mapping_without_a_name_names_the_likely_typo() -> None:
    with pytest.raises(summitfeed.ArticleError) as caught:
        normalize_with("author:\n  nmae: Ilse Vogt\n  twitter: ilsevogt\n")
    assert str(caught.value) == (
        "content/t.md:4: author: needs a name (name: 'Ada Lovelace'); "
        "is nmae a mistyped name?"
    )


def test_author_with_extra_keys_in_built_feeds(tmp_path: Path) -> None:
    import feedparser

    content = tmp_path / "content"
    write_article(
        content,
        "ridge.md",
        text="---\ntitle: Ridge\ndate: 2024-05-02\nauthor:\n  name: Ilse Vogt\n"
        "  email: ilse@trails.example.org\n  twitter: ilsevogt\n---\nUp we go.\n",
    )
    report = build_to(content, tmp_path / "out")
    assert report.warnings == ()
    atom = feedparser.parse((tmp_path / "out" / "atom.xml").read_bytes())
    assert not atom.bozo
    assert atom.entries[0].author_detail == {
        "name": "Ilse Vogt",
        "email": "ilse@trails.example.org",
    }
    feed = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["authors"] == [{"name": "Ilse Vogt"}]


# --- published: keys, fallbacks -----------------------------------------------------


@pytest.mark.parametrize("key", FIELD_KEYS["published"])
def test_published_keys(key: str) -> None:
    article = load(only(**{key: "2025-03-04T05:06:07Z"}))
    assert article.published == utc(2025, 3, 4, 5, 6, 7)


def test_published_first_key_wins() -> None:
    article = load(
        only(publish_date="2025-01-01T00:00:00Z", date="2024-01-01T00:00:00Z")
    )
    assert article.published == utc(2025, 1, 1)


def test_published_false_is_the_draft_flag_not_a_date() -> None:
    article = load(only(published=False, date="2025-05-01T12:00:00Z"))
    assert article.draft is True
    assert article.published == utc(2025, 5, 1, 12)


@pytest.mark.parametrize("key", FIELD_KEYS["created"])
def test_published_falls_back_to_created(key: str) -> None:
    article = load(only(**{key: "2025-04-01"}))
    assert article.published == utc(2025, 3, 31, 22)  # summer time
    assert article.created == article.published


def test_published_falls_back_to_file_name_date() -> None:
    article = load(only(), path="content/2025-07-01-opening-day.md")
    assert article.published == utc(2025, 6, 30, 22)
    assert article.slug == "opening-day"


# --- dates: every accepted form, in the site's time zone when there is none ---------

DATE_FORMS: list[tuple[object, dt.datetime]] = [
    # YAML date and datetime values (unquoted)
    (Raw("2025-02-13"), utc(2025, 2, 12, 23)),
    (Raw("2025-07-13"), utc(2025, 7, 12, 22)),
    (Raw("2025-02-13 09:30:00"), utc(2025, 2, 13, 8, 30)),
    (Raw("2025-02-13T09:30:00+05:30"), utc(2025, 2, 13, 4)),
    (Raw("2025-02-13T09:30:00Z"), utc(2025, 2, 13, 9, 30)),
    # ISO 8601 / RFC 3339 text
    ("2025-02-13", utc(2025, 2, 12, 23)),
    ("2025-02-13T09:30:00+01:00", utc(2025, 2, 13, 8, 30)),
    ("2025-02-13T09:30:00Z", utc(2025, 2, 13, 9, 30)),
    ("2025-02-13T09:30Z", utc(2025, 2, 13, 9, 30)),
    ("2025-02-13 09:30", utc(2025, 2, 13, 8, 30)),
    ("2025-08-13T09:30:00", utc(2025, 8, 13, 7, 30)),
    ("2025-02-13T09:30:00.250Z", utc(2025, 2, 13, 9, 30) + dt.timedelta(seconds=0.25)),
    # RFC 822 / 2822: numeric offsets and zone names; -0000 is UTC
    ("Thu, 13 Feb 2025 09:30:00 +0100", utc(2025, 2, 13, 8, 30)),
    ("Thu, 13 Feb 2025 09:30:00 GMT", utc(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30:00 EST", utc(2025, 2, 13, 14, 30)),
    ("Thu, 13 Feb 2025 09:30:00 -0000", utc(2025, 2, 13, 9, 30)),
    ("13 Feb 2025 09:30 -0500", utc(2025, 2, 13, 14, 30)),
    # month names
    ("Feb 13, 2025", utc(2025, 2, 12, 23)),
    ("13 February 2025", utc(2025, 2, 12, 23)),
    ("February 13, 2025", utc(2025, 2, 12, 23)),
    # day-first numeric forms that read one way only
    ("16/02/2025", utc(2025, 2, 15, 23)),
    ("13.02.2025", utc(2025, 2, 12, 23)),
    # Unix seconds: integer, or quoted 9-10 digits
    (Raw("1739439000"), utc(2025, 2, 13, 9, 30)),
    ("1739439000", utc(2025, 2, 13, 9, 30)),
    ("999999999", utc(2001, 9, 9, 1, 46, 39)),
]


@pytest.mark.parametrize(("value", "instant"), DATE_FORMS, ids=repr)
def test_date_forms(value: object, instant: dt.datetime) -> None:
    article = load(only(publish_date=value))
    assert article.published == instant
    assert article.published.utcoffset() is not None


@pytest.mark.parametrize(
    ("timezone", "instant"),
    [
        ("UTC", utc(2025, 2, 13)),
        ("America/New_York", utc(2025, 2, 13, 5)),
        ("Pacific/Chatham", utc(2025, 2, 12, 10, 15)),  # UTC+13:45 in February
        ("Asia/Kolkata", utc(2025, 2, 12, 18, 30)),
    ],
)
def test_site_time_zone_for_values_without_one(
    timezone: str, instant: dt.datetime
) -> None:
    site = make_site(timezone=timezone)
    assert load(only(publish_date="2025-02-13"), site=site).published == instant
    # a value with its own zone ignores the site's
    dated = load(only(publish_date="2025-02-13T00:00:00Z"), site=site)
    assert dated.published == utc(2025, 2, 13)


def test_local_wall_time_follows_daylight_saving() -> None:
    winter = load(only(publish_date="2025-03-29 12:00"))
    summer = load(only(publish_date="2025-03-30 12:00"))
    assert winter.published == utc(2025, 3, 29, 11)
    assert summer.published == utc(2025, 3, 30, 10)


# --- created, updated -----------------------------------------------------------------


@pytest.mark.parametrize("key", FIELD_KEYS["created"])
def test_created_keys(key: str) -> None:
    article = load(only(publish_date="2025-02-13", **{key: "2025-02-01"}))
    assert article.created == utc(2025, 1, 31, 23)


@pytest.mark.parametrize("key", FIELD_KEYS["updated"])
def test_updated_keys(key: str) -> None:
    article = load(only(publish_date="2025-02-13", **{key: "2025-03-01T10:00:00Z"}))
    assert article.updated == utc(2025, 3, 1, 10)


def test_updated_defaults_to_published() -> None:
    article = load(only(publish_date="2025-02-13T10:00:00Z"))
    assert article.updated == article.published == utc(2025, 2, 13, 10)


def test_updated_before_published_is_raised_with_a_warning() -> None:
    text = (
        "---\ntitle: 'T'\npublish_date: '2025-02-13'\nupdated_date: '2025-01-01'\n---\n"
    )
    result = normalize(text, path="content/t.md")
    assert result.article.updated == result.article.published
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("content/t.md:4: updated_date: ")


# --- hero image -----------------------------------------------------------------------


@pytest.mark.parametrize("key", FIELD_KEYS["hero"])
def test_hero_keys(key: str) -> None:
    article = load(fields(**{key: "https://cdn.trails.example.org/a.jpg"}))
    assert article.hero is not None
    assert article.hero.url == "https://cdn.trails.example.org/a.jpg"
    assert article.hero.mime_type == "image/jpeg"


def test_hero_first_key_wins() -> None:
    article = load(fields(heroImage="/first.png", image="/second.png"))
    assert article.hero is not None
    assert article.hero.url == BASE_URL + "first.png"


@pytest.mark.parametrize(
    ("reference", "permalink", "url"),
    [
        (
            "https://cdn.example.com/x/y.jpg",
            "{slug}/",
            "https://cdn.example.com/x/y.jpg",
        ),
        ("http://cdn.example.com/y.jpg", "{slug}/", "http://cdn.example.com/y.jpg"),
        ("/images/y.jpg", "{slug}/", BASE_URL + "images/y.jpg"),
        ("/images/y.jpg", "{year}/{slug}/", BASE_URL + "images/y.jpg"),
        ("y.jpg", "{slug}/", BASE_URL + "a-walk/y.jpg"),
        ("img/y.jpg", "{year}/{month}/{slug}/", BASE_URL + "2025/02/a-walk/img/y.jpg"),
        ("../y.jpg", "{slug}/", BASE_URL + "y.jpg"),
        ("../shared/y.jpg", "posts/{slug}/", BASE_URL + "posts/shared/y.jpg"),
        ("./y.jpg", "{slug}.html", BASE_URL + "y.jpg"),
    ],
)
def test_hero_resolves_like_a_browser_on_the_article_page(
    reference: str, permalink: str, url: str
) -> None:
    site = make_site(permalink=permalink)
    article = load(fields(heroImage=reference), site=site)
    assert article.hero is not None
    assert article.hero.url == url


def test_hero_under_a_sub_path_site() -> None:
    site = make_site(base_url="https://example.org/blog/")
    absolute_path = load(fields(heroImage="/blog/img/a.png"), site=site).hero
    relative = load(fields(heroImage="img/a.png"), site=site).hero
    assert absolute_path is not None
    assert relative is not None
    assert absolute_path.url == "https://example.org/blog/img/a.png"
    assert relative.url == "https://example.org/blog/a-walk/img/a.png"


def test_hero_url_is_percent_encoded_and_keeps_its_query() -> None:
    hero = load(fields(heroImage="/img/Gipfel über Zermatt.jpg?w=800&q=70")).hero
    assert hero is not None
    assert hero.url == BASE_URL + "img/Gipfel%20%C3%BCber%20Zermatt.jpg?w=800&q=70"
    assert hero.mime_type == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("a.jpg", "image/jpeg"),
        ("a.JPEG", "image/jpeg"),
        ("a.png", "image/png"),
        ("a.gif", "image/gif"),
        ("a.webp", "image/webp"),
        ("a.avif", "image/avif"),
        ("a.svg", "image/svg+xml"),
        ("a.png#frag", "image/png"),
        ("picture", None),
        ("a.bmpx", None),
    ],
)
def test_hero_mime_type_from_extension(name: str, mime: str | None) -> None:
    hero = load(fields(heroImage="https://cdn.example.com/" + name)).hero
    assert hero is not None
    assert hero.mime_type == mime


def test_hero_mapping_with_src_alt_size_and_type() -> None:
    hero = load(
        fields(
            heroImage={
                "src": "photos/pass.img",
                "alt": 'The "pass" at dusk',
                "width": 1600,
                "height": 900,
                "type": "image/webp",
            }
        )
    ).hero
    assert hero is not None
    assert hero.url == BASE_URL + "a-walk/photos/pass.img"
    assert hero.alt == 'The "pass" at dusk'
    assert (hero.width, hero.height) == (1600, 900)
    assert hero.mime_type == "image/webp"


def test_hero_mapping_with_url_key() -> None:
    hero = load(fields(cover={"url": "https://cdn.example.com/c.png", "alt": "A"})).hero
    assert hero is not None
    assert (hero.url, hero.alt, hero.mime_type) == (
        "https://cdn.example.com/c.png",
        "A",
        "image/png",
    )


def test_hero_alt_in_content_defaults_to_title() -> None:
    item = item_for(fields(heroImage="/a.png"), "Text.\n")
    assert (
        '<img src="https://trails.example.org/a.png" alt="Morning on the Moraine">'
        in (item.content_html or "")
    )


def test_hero_local_file_length(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "notes/a-walk.md", fields(heroImage="/img/one.png"))
    write_article(
        content,
        "notes/beside.md",
        basic_fields("Beside", "2025-02-14", heroImage="two.png"),
    )
    (content / "img").mkdir()
    (content / "img" / "one.png").write_bytes(b"x" * 321)
    (content / "notes" / "two.png").write_bytes(b"y" * 77)
    result = summitfeed.read_articles(content, site=make_site())
    heroes = {a.slug: a.hero for a in result.articles}
    lengths = {slug: hero.length if hero else None for slug, hero in heroes.items()}
    assert lengths == {"a-walk": 321, "beside": 77}


def test_hero_remote_length_unknown() -> None:
    hero = load(fields(heroImage="https://cdn.example.com/a.jpg")).hero
    assert hero is not None
    assert hero.length is None


# --- tags -----------------------------------------------------------------------------


def test_tags_as_list() -> None:
    assert load(fields(tags=["ridge", "snow"])).tags == ("ridge", "snow")


def test_tags_as_comma_text_trimmed() -> None:
    assert load(fields(tags=" ridge ,snow,  ski  touring ,")).tags == (
        "ridge",
        "snow",
        "ski touring",
    )


@pytest.mark.parametrize("key", FIELD_KEYS["tags"])
def test_tag_keys(key: str) -> None:
    assert load(fields(**{key: ["huts"]})).tags == ("huts",)


def test_tag_keys_merged_and_duplicates_dropped_case_insensitively() -> None:
    article = load(
        fields(
            tags=["Ridge", "snow"],
            categories="ridge, Weather",
            keywords=["SNOW", "huts", "weather"],
        )
    )
    assert article.tags == ("Ridge", "snow", "Weather", "huts")


def test_tags_numbers_as_text() -> None:
    assert load(fields(tags=[Raw("4000"), "peaks"])).tags == ("4000", "peaks")


# --- slug, url, id --------------------------------------------------------------------


def test_slug_default_from_file_name() -> None:
    assert load(fields(), path="content/posts/High Route.md").slug == "High Route"
    assert load(fields(), path="content/2025-02-13-high-route.md").slug == "high-route"
    assert load(fields(), path="content/high-route.markdown").slug == "high-route"


def test_slug_given() -> None:
    article = load(fields(slug="dawn-patrol"), path="content/x.md")
    assert article.slug == "dawn-patrol"
    assert article.url == BASE_URL + "dawn-patrol/"


def test_url_default_uses_permalink_pattern_in_site_time_zone() -> None:
    # 2025-03-01 00:30 in Zurich is still February 28 in UTC
    site = make_site(permalink="{year}/{month}/{day}/{slug}/")
    article = load(fields(publish_date="2025-03-01 00:30"), site=site)
    assert article.url == BASE_URL + "2025/03/01/a-walk/"


def test_url_default_under_sub_path_and_encoded() -> None:
    site = make_site(base_url="https://example.org/blog")
    article = load(fields(slug="über den grat"), site=site)
    assert article.url == "https://example.org/blog/%C3%BCber%20den%20grat/"


@pytest.mark.parametrize("key", FIELD_KEYS["url"])
def test_url_keys(key: str) -> None:
    article = load(fields(**{key: "https://elsewhere.example.com/walk"}))
    assert article.url == "https://elsewhere.example.com/walk"
    assert article.id == "https://elsewhere.example.com/walk"


def test_url_as_path() -> None:
    assert load(fields(url="/archive/walk.html")).url == BASE_URL + "archive/walk.html"
    site = make_site(base_url="https://example.org/blog/")
    assert load(fields(url="walk/"), site=site).url == "https://example.org/blog/walk/"


@pytest.mark.parametrize("key", FIELD_KEYS["id"])
def test_id_keys(key: str) -> None:
    article = load(fields(**{key: "urn:uuid:6b1c2a7e-8f7e-4f43-9d1b-2b1f6c0d7a11"}))
    assert article.id == "urn:uuid:6b1c2a7e-8f7e-4f43-9d1b-2b1f6c0d7a11"
    assert article.url == BASE_URL + "a-walk/"


def test_id_defaults_to_url_and_ignores_content() -> None:
    one = load(fields(), body="First version.\n")
    two = load(
        fields(description="Changed.", updated_date="2025-06-01"),
        body="A rewritten body.\n",
    )
    assert one.id == one.url == BASE_URL + "a-walk/"
    assert two.id == one.id


# --- read time, cta -------------------------------------------------------------------


@pytest.mark.parametrize("key", FIELD_KEYS["read_time"])
def test_read_time_keys(key: str) -> None:
    article = load(only(publish_date="2025-02-13", **{key: "8 mins"}))
    assert article.read_time == "8 mins"


def test_read_time_number() -> None:
    assert load(fields(read_time=Raw("8"))).read_time == "8 min"


def test_read_time_shown_in_content() -> None:
    item = item_for(fields(read_time="8 mins"), "Text.\n")
    assert "Reading time: 8 mins" in (item.content_html or "")


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (230, 1), (231, 2), (700, 4)])
def test_read_time_computed_from_words(words: int, minutes: int) -> None:
    body = " ".join(["step"] * words) + "\n"
    item = item_for(only(publish_date="2025-02-13"), body)
    assert item.article.read_time is None
    assert f"Reading time: {minutes} min<" in (item.content_html or "")


@pytest.mark.parametrize("key", FIELD_KEYS["cta"])
def test_cta_keys_rendered_inline_at_the_end(key: str) -> None:
    item = item_for(
        only(publish_date="2025-02-13", **{key: "Read the [route notes](notes/)."}),
        "Body text.\n",
    )
    content = item.content_html or ""
    assert content.endswith(
        '<p>Read the <a href="https://trails.example.org/a-walk/notes/">'
        "route notes</a>.</p>"
    )


def test_content_starts_with_hero_subtitle_read_time() -> None:
    item = item_for(
        fields(heroImage="/h.jpg", subtitle="Up & over", read_time="8 mins"), "Body.\n"
    )
    parts = (item.content_html or "").split("\n")
    assert parts[0].startswith('<p><img src="https://trails.example.org/h.jpg"')
    assert parts[1] == "<p><strong>Up &amp; over</strong></p>"
    assert parts[2] == "<p><em>Reading time: 8 mins</em></p>"
    assert parts[3] == "<p>Body.</p>"


def test_the_readme_tells_what_an_item_content_holds() -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("An item's content")
    paragraph = readme[start : readme.index("\n\n", start)]
    for told in ("hero image", "subtitle", "Reading time: N min", "call to action"):
        assert told in paragraph
    for setting in ("show_read_time", "--no-show-read-time", "read_time_label"):
        assert f"`{setting}" in paragraph


# --- draft, feed: false, language ---------------------------------------------------


@pytest.mark.parametrize(
    "flag",
    [{"draft": True}, {"published": False}, {"status": "draft"}, {"status": "Draft"}],
)
def test_draft_forms(flag: dict[str, object]) -> None:
    assert load(fields(**flag)).draft is True


@pytest.mark.parametrize(
    "flag", [{}, {"draft": False}, {"status": "published"}, {"published": True}]
)
def test_not_draft(flag: dict[str, object]) -> None:
    assert load(fields(**flag)).draft is False


def test_feed_false() -> None:
    assert load(fields(feed=False)).in_feeds is False
    assert load(fields(feed=True)).in_feeds is True
    assert load(fields()).in_feeds is True


@pytest.mark.parametrize("key", FIELD_KEYS["language"])
def test_language_keys(key: str) -> None:
    assert load(fields(**{key: "de-CH"})).language == "de-CH"


def test_language_default_is_site_language() -> None:
    assert load(fields(), site=make_site(language="fr")).language == "fr"


# --- extra metadata -------------------------------------------------------------------


def test_unknown_keys_kept_as_extra() -> None:
    article = load(
        fields(
            difficulty="T4",
            elevation_gain=Raw("1250"),
            gear=["rope", "helmet"],
            route={"start": "Zinal", "end": "Arolla"},
        )
    )
    assert dict(article.extra) == {
        "difficulty": "T4",
        "elevation_gain": 1250,
        "gear": ["rope", "helmet"],
        "route": {"start": "Zinal", "end": "Arolla"},
    }
    known = {"title", "publish_date", "author", "read_time", "description"}
    assert not known & set(article.extra)


def test_extra_is_read_only() -> None:
    article = load(fields(difficulty="T4"))
    with pytest.raises(TypeError):
        article.extra["difficulty"] = "T6"  # type: ignore[index]


# --- left out of feeds: drafts, feed: false, future; --drafts, --future, --now --------


def left_out_site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(content, "past.md", basic_fields("Past Walk", "2025-05-01"))
    write_article(
        content, "draft.md", basic_fields("Draft Walk", "2025-05-02", draft=True)
    )
    write_article(
        content, "status.md", basic_fields("Status Draft", "2025-05-03", status="draft")
    )
    write_article(
        content,
        "unpublished.md",
        basic_fields("Unpublished", "2025-05-04", published=False),
    )
    write_article(
        content, "hidden.md", basic_fields("Hidden Walk", "2025-05-05", feed=False)
    )
    write_article(
        content, "future.md", basic_fields("Future Walk", "2025-06-01T12:00:00Z")
    )
    return content


MAY = utc(2025, 5, 10)  # after every article but the future one


def titles(report: summitfeed.BuildReport) -> list[str]:
    return [item.article.title for item in report.feeds[0].items]


def test_left_out_by_default(tmp_path: Path) -> None:
    report = build_to(left_out_site(tmp_path), tmp_path / "o", dry_run=True, now=MAY)
    assert titles(report) == ["Past Walk"]


def test_drafts_and_future_asked_for(tmp_path: Path) -> None:
    content = left_out_site(tmp_path)
    drafts = build_to(
        content, tmp_path / "o", dry_run=True, now=MAY, include_drafts=True
    )
    assert titles(drafts) == ["Unpublished", "Status Draft", "Draft Walk", "Past Walk"]
    future = build_to(
        content, tmp_path / "o", dry_run=True, now=MAY, include_future=True
    )
    assert titles(future) == ["Future Walk", "Past Walk"]


def test_now_decides_the_future(tmp_path: Path) -> None:
    content = left_out_site(tmp_path)
    before = build_to(
        content, tmp_path / "o", dry_run=True, now=utc(2025, 6, 1, 11, 59)
    )
    at = build_to(content, tmp_path / "o", dry_run=True, now=utc(2025, 6, 1, 12))
    assert "Future Walk" not in titles(before)
    assert titles(at)[0] == "Future Walk"


def cli_titles(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    epoch: str | None = None,
) -> list[str]:
    import feedparser

    from summitfeed._cli.main import main

    content = left_out_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "public"
    status = main(
        [
            "build",
            str(content),
            "-o",
            str(out),
            "--title",
            "Trail Log",
            "--base-url",
            BASE_URL,
            "--timezone",
            "Europe/Zurich",
            "--quiet",
            "--no-cache",
            *args,
        ]
    )
    assert status == 0
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo
    return [entry.title for entry in parsed.entries]


def test_cli_drafts_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = cli_titles(tmp_path, monkeypatch, "--now", "2025-05-10T00:00:00Z", "--drafts")
    assert got == ["Unpublished", "Status Draft", "Draft Walk", "Past Walk"]


def test_cli_future_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = cli_titles(tmp_path, monkeypatch, "--now", "2025-05-10T00:00:00Z", "--future")
    assert got == ["Future Walk", "Past Walk"]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-06-01T11:59:59Z", ["Past Walk"]),
        ("2025-06-01T12:00:00Z", ["Future Walk", "Past Walk"]),
        ("2025-06-01T13:59:59+02:00", ["Past Walk"]),
        (str(int(utc(2025, 6, 1, 12).timestamp())), ["Future Walk", "Past Walk"]),
    ],
)
def test_cli_now_forms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: str, expected: list[str]
) -> None:
    assert cli_titles(tmp_path, monkeypatch, "--now", now) == expected


def test_source_date_epoch_fixes_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = str(int(utc(2025, 6, 1, 11, 59).timestamp()))
    assert cli_titles(tmp_path, monkeypatch, epoch=before) == ["Past Walk"]


def test_now_option_wins_over_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = str(int(utc(2025, 1, 1).timestamp()))
    got = cli_titles(
        tmp_path, monkeypatch, "--now", "2025-07-01T00:00:00Z", epoch=early
    )
    assert got == ["Future Walk", "Past Walk"]


def test_parse_now_forms() -> None:
    assert summitfeed.parse_now("2025-06-01T12:00:00Z") == utc(2025, 6, 1, 12)
    assert summitfeed.parse_now("1748779200") == utc(2025, 6, 1, 12)
    env = {"SOURCE_DATE_EPOCH": "1748779200"}
    assert summitfeed.parse_now(None, environ=env) == utc(2025, 6, 1, 12)
    clock = summitfeed.parse_now(None, environ={})
    assert abs(clock - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert NOW.tzinfo is not None


def test_warning_text_has_path_line_key() -> None:
    text = (
        "---\ntitle: 'T'\nread_time: '8 mins'\npublish_date: '2025-02-13'\n"
        "updated: '2025-02-01'\n---\n"
    )
    warnings = normalize(text, path="content/posts/t.md").warnings
    assert [re.match(r"^[^:]+:\d+: \w+: ", w) is not None for w in warnings] == [True]
    assert warnings[0].startswith("content/posts/t.md:5: updated: ")


# --- any text survives single-quoted YAML and the feeds ------------------------------

_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        blacklist_characters="\ufeff\ufffe\uffff",
    ),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")


@settings(max_examples=60, deadline=None)
@given(title=_TEXT, author=_TEXT, tag=_TEXT)
def test_any_text_round_trips_through_yaml_and_rss(
    title: str, author: str, tag: str
) -> None:
    from summitfeed._render.plan import make_feed
    from summitfeed._render.xml import render_rss
    from tests.conftest import parse_xml

    author = author.replace("<", "").replace(">", "").strip() or "Someone"
    article = load(fields(title=title, author=author, tags=[tag.replace(",", " ")]))
    assert article.title == title.strip()
    assert article.authors[0].name == " ".join(author.split())
    site = ZURICH_SITE
    item = render_item(article, "Body.\n", site=site)
    rss = parse_xml(render_rss(make_feed(site, [item])))
    assert rss.findtext("channel/item/title") == article.title
    if article.tags:
        assert rss.findtext("channel/item/category") == article.tags[0]
    else:  # a tag of only white space (or commas) is no tag
        assert not tag.replace(",", " ").strip()
        assert rss.find("channel/item/category") is None


# --- warnings: a mistyped key, a hero image that is not found --------------------

HEADER = "---\ntitle: 'T'\npublish_date: '2025-02-13'\n"


def normalize_with(
    extra: str, probe: ImageProbe | None = None, site: summitfeed.Site | None = None
) -> Normalized:
    raw = parse_front_matter(HEADER + extra + "---\nBody.\n", path="content/t.md")
    return normalize_article(raw, site=site or ZURICH_SITE, probe_image=probe)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("hero_img", "hero_image"),
        ("heroimage", "heroImage"),
        ("Tags", "tags"),
        ("catgories", "categories"),
        ("publishdate", "publishDate"),
        ("sumary", "summary"),
    ],
)
def test_key_close_to_a_known_one_is_kept_with_a_warning(
    written: str, meant: str
) -> None:
    result = normalize_with(f"{written}: 'x'\n")
    assert result.warnings == (
        f"content/t.md:4: {written}: not a known field, kept as extra metadata; "
        f"did you mean {meant}?",
    )
    assert result.article.extra == {written: "x"}


@pytest.mark.parametrize("key", ["weather", "trail_length", "difficulty", "x"])
def test_key_unlike_any_known_one_is_kept_quietly(key: str) -> None:
    result = normalize_with(f"{key}: 'x'\n")
    assert result.warnings == ()
    assert result.article.extra == {key: "x"}


def _missing(url: str, reference: str, source: str) -> int | None:
    return None


def _found(url: str, reference: str, source: str) -> int | None:
    return 1234


def test_local_hero_image_not_found_is_a_warning() -> None:
    result = normalize_with("heroImage: '/images/nope.png'\n", _missing)
    assert result.warnings == (
        "content/t.md:4: heroImage: /images/nope.png is not in static_dir "
        "(content); the enclosure length is 0",
    )
    assert result.article.hero is not None
    assert result.article.hero.length is None


def test_relative_hero_image_not_found_is_a_warning() -> None:
    site = make_site(static_dir="static")
    result = normalize_with("cover: 'nope.png'\n", _missing, site=site)
    assert result.warnings == (
        "content/t.md:4: cover: nope.png is not beside the article nor in "
        "static_dir (static); the enclosure length is 0",
    )


@pytest.mark.parametrize(
    ("reference", "probe"),
    [
        ("https://cdn.example.com/x.png", _missing),  # another host: not looked for
        ("//cdn.example.com/x.png", _missing),
        ("/images/x.png", _found),
        ("/images/x.png", None),  # no probe: nothing is looked for
    ],
)
def test_hero_image_found_elsewhere_or_not_looked_for_is_quiet(
    reference: str, probe: ImageProbe | None
) -> None:
    result = normalize_with(f"heroImage: '{reference}'\n", probe)
    assert result.warnings == ()


def test_build_warns_about_a_missing_local_hero_image(tmp_path: Path) -> None:
    content, static = tmp_path / "content", tmp_path / "static"
    static.mkdir()
    write_article(content, "a.md", fields(heroImage="/images/there.png"))
    write_article(content, "b.md", fields(heroImage="/images/nope.png", slug="b"))
    (static / "images").mkdir()
    (static / "images" / "there.png").write_bytes(b"png")
    site = make_site(static_dir=str(static))
    report = build_to(content, tmp_path / "out", site=site)
    missing = [w for w in report.warnings if "enclosure length" in w]
    assert len(missing) == 1
    assert missing[0].startswith(
        f"{content}/b.md:8: heroImage: /images/nope.png is not in static_dir"
    )


def test_warnings_are_in_line_order() -> None:
    result = normalize_with("hero_img: 'x'\nheroImage: '/images/nope.png'\n", _missing)
    assert [warning.split(": ", 2)[:2] for warning in result.warnings] == [
        ["content/t.md:4", "hero_img"],
        ["content/t.md:5", "heroImage"],
    ]


_BASES = [
    "https://x.org/a/b/",
    "https://x.org",
    "http://X.org:8080/a?q#f",
    "https://u@x.org/p",
    "HTTPS://Ex.org/a/",
    "https://x.org/a/../b/",
    "https://x.org/.well-known/k",
    "https://x.org/a%20b/c",
    "https://x.org//",
    "https://x.org/a//b",
    "https://x.org/a;p/b",
]


@given(
    st.lists(
        st.sampled_from(
            [*"ab./-_~%:?#; @!$&'()*+,=", "..", "//", "é", "HTTP://", "https://"]
        ),
        max_size=8,
    ).map("".join),
    st.sampled_from(_BASES),
)
def test_resolve_url_fast_paths_agree_with_urljoin(reference: str, base: str) -> None:
    # resolve_url's shortcuts (absolute, "x/y", "/x/") give urljoin's result.
    from urllib.parse import urljoin

    from summitfeed._urls import encode_url, resolve_url

    assert resolve_url(reference, base) == urljoin(base, encode_url(reference.strip()))


# --- the generators' own keys --------------------------------------------------------
#
# Each front matter below is written as that generator's documentation writes
# it; the expected values are read off it by hand.


def read(text: str, *, site: summitfeed.Site | None = None) -> Normalized:
    return normalize(text, site=site or ZURICH_SITE, path="content/ridge-notes.md")


def test_material_date_mapping_gives_published_updated_and_created() -> None:
    article = read(
        "---\ndate:\n  created: 2024-01-31\n  updated: 2024-02-01\n---\n"
        "# Ridge notes\n\nText.\n"
    ).article
    # midnight in Zurich (UTC+1 in winter)
    assert article.published == utc(2024, 1, 30, 23)
    assert article.created == utc(2024, 1, 30, 23)
    assert article.updated == utc(2024, 1, 31, 23)


def test_material_date_mapping_with_created_alone() -> None:
    article = read(
        "---\ndate:\n  created: 2024-01-31T12:00:00\n---\n# Ridge notes\n"
    ).article
    assert article.published == article.updated == utc(2024, 1, 31, 11)


def test_material_date_mapping_keeps_custom_dates_out_of_the_way() -> None:
    article = read(
        "---\ndate:\n  created: 2024-01-31\n  reviewed: 2024-03-01\n---\n# Ridge\n"
    ).article
    assert article.published == article.updated == utc(2024, 1, 30, 23)


def test_updated_key_wins_over_the_date_mapping() -> None:
    article = read(
        "---\ntitle: 'Ridge'\ndate: {created: 2024-01-31, updated: 2024-02-01}\n"
        "lastmod: 2024-03-05\n---\nText.\n"
    ).article
    assert article.updated == utc(2024, 3, 4, 23)


def test_material_date_mapping_without_created_is_refused() -> None:
    with pytest.raises(summitfeed.ArticleError) as caught:
        read("---\ntitle: 'Ridge'\ndate:\n  updated: 2024-02-01\n---\nText.\n")
    assert str(caught.value) == (
        "content/ridge-notes.md:3: date: is a mapping without created:; write "
        "the publish date as date: {created: 2025-02-13} (updated: is the "
        "update date)"
    )


def test_material_date_mapping_with_a_wrong_date_names_it() -> None:
    with pytest.raises(summitfeed.ArticleError) as caught:
        read("---\ntitle: 'Ridge'\ndate:\n  created: 2024-02-30\n---\nText.\n")
    assert str(caught.value) == (
        "content/ridge-notes.md:3: date: created: 2024-02-30 is not a real date: "
        "February 2024 has 29 days"
    )


def test_material_updated_before_created_warns() -> None:
    result = read(
        "---\ntitle: 'Ridge'\ndate:\n  created: 2024-02-01\n  updated: 2024-01-01\n"
        "---\nText.\n"
    )
    assert result.article.updated == result.article.published
    assert result.warnings == (
        "content/ridge-notes.md:3: date: updated: is earlier than the publish "
        "date; using the publish date instead",
    )


# Title from the body's first heading (MkDocs): it then leaves the content.

HEADED_BODY = "# Ridge *Notes* in `May`\n\nWe started at dawn.\n\n## Later\n\nRain.\n"


def test_title_from_the_first_heading_as_plain_text() -> None:
    article = read("---\ndate: 2024-05-02\n---\n" + HEADED_BODY).article
    assert article.title == "Ridge Notes in May"
    assert article.title_from_body


def test_heading_title_leaves_the_content_and_the_summary() -> None:
    article = read("---\ndate: 2024-05-02\n---\n" + HEADED_BODY).article
    item = render_item(article, HEADED_BODY, site=ZURICH_SITE)
    assert "<h1" not in (item.content_html or "")
    assert "<h2>Later</h2>" in (item.content_html or "")
    assert item.summary == "We started at dawn."


def test_title_key_wins_and_the_heading_stays() -> None:
    article = read("---\ntitle: 'Given'\ndate: 2024-05-02\n---\n" + HEADED_BODY).article
    assert (article.title, article.title_from_body) == ("Given", False)
    item = render_item(article, HEADED_BODY, site=ZURICH_SITE)
    assert "<h1>Ridge <em>Notes</em> in <code>May</code></h1>" in (
        item.content_html or ""
    )


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("\n\n# Plain Title\n\nText.\n", "Plain Title"),
        ("# Closed Title ##\n", "Closed Title"),
        ("# With attributes {#top .wide}\n", "With attributes"),
        ("Underlined Title\n================\n\nText.\n", "Underlined Title"),
        ("Intro line.\n\n# Later Title\n", "Later Title"),
        ("```\n# not a title\n```\n\n# Real Title\n", "Real Title"),
        ("## Second level\n\n# First Level\n", "First Level"),
        ("#\n\n# After an empty one\n", "After an empty one"),
        ("# Fish &amp; Chips\n", "Fish & Chips"),
        ("# C#\n", "C#"),
    ],
)
def test_title_heading_forms(body: str, title: str) -> None:
    assert read("---\ndate: 2024-05-02\n---\n" + body).article.title == title


@pytest.mark.parametrize(
    "body",
    ["Text only.\n", "#Not a heading\n", "    # indented code\n", "- item\n===\n"],
)
def test_no_heading_no_title(body: str) -> None:
    with pytest.raises(summitfeed.ArticleError) as caught:
        read("---\ndate: 2024-05-02\n---\n" + body)
    assert str(caught.value) == (
        "content/ridge-notes.md:1: title: missing; every article needs one "
        "(title: 'My title', or a heading '# My title' in the body)"
    )


@pytest.mark.parametrize(
    "hidden",
    [
        "{% highlight md %}\n# Shown as code\n{% endhighlight %}\n",
        "{%- highlight diff -%}\n{% raw %}\n# {{ name }}\n{% endraw %}\n"
        "{%- endhighlight -%}\n",
        "{% raw %}\n# Quoted for Liquid\n{% endraw %}\n",
        "{% comment %}\n# Left out by Liquid\n{% endcomment %}\n",
        "{% codeblock lang:md %}\n# Octopress code\n{% endcodeblock %}\n",
        "{# a note\n# for the writer only\n#}\n",
        "{{< highlight md >}}\n# Hugo code\n{{< /highlight >}}\n",
        "<!-- a draft\n# Old Title\n-->\n",
        "<pre>\n# in a pre element\n</pre>\n",
        "<script>\n# not Markdown\n</script>\n",
    ],
)
def test_title_heading_is_never_in_template_blocks_comments_or_code(
    hidden: str,
) -> None:
    body = "Intro.\n\n" + hidden + "\n# Real Title\n\nText.\n"
    assert read("---\ndate: 2024-05-02\n---\n" + body).article.title == "Real Title"


@pytest.mark.parametrize(
    "heading", ["# Hello, {{ title }}", "# {% t greeting %}", "Hi {{ name }}\n===="]
)
def test_a_heading_filled_in_by_templates_is_no_title(heading: str) -> None:
    # Its words are known only to the generator; a later heading is not the
    # page's first one either.
    body = f"Intro.\n\n{heading}\n\nText.\n\n# Later Heading\n"
    with pytest.raises(summitfeed.ArticleError) as caught:
        read("---\ndate: 2024-05-02\n---\n" + body)
    assert str(caught.value) == (
        "content/ridge-notes.md:1: title: missing; the body's first heading is "
        "filled in by template syntax (write title: 'My title')"
    )


def test_heading_in_a_highlight_block_stays_in_the_built_feed(tmp_path: Path) -> None:
    import feedparser

    content = tmp_path / "content"
    write_article(
        content,
        "ridge.md",
        text="---\ndate: 2024-05-02\n---\nHow a page starts:\n\n"
        "{% highlight md %}\n# Page Heading\n{% endhighlight %}\n\n"
        "# Writing Headings\n\nThat is all.\n",
    )
    build_to(content, tmp_path / "out")
    parsed = feedparser.parse((tmp_path / "out" / "atom.xml").read_bytes())
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.title == "Writing Headings"
    page = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    assert [code.text_content().strip() for code in page.iter("code")] == [
        "# Page Heading"
    ]


def test_heading_title_in_a_built_feed(tmp_path: Path) -> None:
    import feedparser

    content = tmp_path / "content"
    write_article(
        content,
        "ridge.md",
        text="---\ndate: 2024-05-02\n---\n" + HEADED_BODY,
    )
    build_to(content, tmp_path / "out")
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((tmp_path / "out" / name).read_bytes())
        assert not parsed.bozo
        (entry,) = parsed.entries
        assert entry.title == "Ridge Notes in May"
        assert "<h1" not in entry.content[0].value
        assert "We started at dawn." in entry.content[0].value


# Tags: category (singular), and Jekyll's text of words.


def test_category_singular_is_a_tag_key() -> None:
    article = read(
        "---\ntitle: 'Ridge'\ndate: 2024-05-02\ncategory: 'Weather'\n---\nText.\n"
    ).article
    assert article.tags == ("Weather",)
    assert (
        read(
            "---\ntitle: 'Ridge'\ndate: 2024-05-02\ncategory: 'Weather'\n---\nText.\n"
        ).warnings
        == ()
    )


JEKYLL_SITE = make_site(preset="jekyll")


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("categories: jekyll update", ("jekyll", "update")),
        ("tags: alps  snow", ("alps", "snow")),
        ("categories: [jekyll, update]", ("jekyll", "update")),
        ("categories: 'ridge, weather'", ("ridge", "weather")),
        ("category: jekyll update", ("jekyll update",)),  # singular: one category
    ],
)
def test_jekyll_reads_a_text_of_categories_as_words(
    line: str, tags: tuple[str, ...]
) -> None:
    text = f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{line}\n---\nText.\n"
    assert read(text, site=JEKYLL_SITE).article.tags == tags


def test_words_are_one_tag_without_the_jekyll_preset() -> None:
    text = "---\ntitle: 'Ridge'\ndate: 2024-05-02\ncategories: jekyll update\n---\nx\n"
    assert read(text).article.tags == ("jekyll update",)


# Hero images in the themes' own shapes.


@pytest.mark.parametrize(
    ("lines", "url", "alt", "caption"),
    [
        (  # Hugo PaperMod
            "cover:\n  image: '/img/ridge.jpg'\n  alt: 'The ridge'\n"
            "  caption: 'Taken at dawn'\n",
            BASE_URL + "img/ridge.jpg",
            "The ridge",
            "Taken at dawn",
        ),
        (  # Jekyll Chirpy
            "image:\n  path: /assets/ridge.png\n  alt: 'The ridge'\n",
            BASE_URL + "assets/ridge.png",
            "The ridge",
            None,
        ),
        (  # Hugo's images: the first
            "images:\n  - 'pics/first.webp'\n  - 'pics/second.webp'\n",
            BASE_URL + "ridge-notes/pics/first.webp",
            None,
            None,
        ),
        (
            "featured_image: 'https://cdn.example.com/f.gif'\n",
            "https://cdn.example.com/f.gif",
            None,
            None,
        ),
        ("thumbnail: '/t.jpg'\n", BASE_URL + "t.jpg", None, None),
        (
            "image: {src: '/a.png', alt: 'A'}\ncover: '/b.png'\n",  # first key wins
            BASE_URL + "a.png",
            "A",
            None,
        ),
    ],
)
def test_hero_in_the_themes_shapes(
    lines: str, url: str, alt: str | None, caption: str | None
) -> None:
    hero = read(
        f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{lines}---\nText.\n"
    ).article.hero
    assert hero is not None
    assert (hero.url, hero.alt, hero.caption) == (url, alt, caption)


@pytest.mark.parametrize("lines", ["images: []\n", "cover:\n  image: ''\n"])
def test_empty_hero_shapes_give_no_hero(lines: str) -> None:
    text = f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{lines}---\nText.\n"
    assert read(text).article.hero is None


# Expiry: Hugo's expiryDate, left out of feeds once past "now".


@pytest.mark.parametrize("key", FIELD_KEYS["expires"])
def test_expiry_keys(key: str) -> None:
    text = (
        f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{key}: 2024-06-01T12:00:00Z\n---\nx\n"
    )
    assert read(text).article.expires == utc(2024, 6, 1, 12)


def expiring_site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(content, "kept.md", basic_fields("Kept Walk", "2024-05-01"))
    write_article(
        content,
        "offer.md",
        basic_fields("Hut Offer", "2024-05-02", expiryDate="2024-06-01T12:00:00Z"),
    )
    return content


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2024, 6, 1, 11, 59), ["Hut Offer", "Kept Walk"]),
        (utc(2024, 6, 1, 12), ["Hut Offer", "Kept Walk"]),  # at its expiry: still in
        (utc(2024, 6, 1, 12, 0, 1), ["Kept Walk"]),
    ],
)
def test_expired_article_leaves_the_feeds(
    tmp_path: Path, now: dt.datetime, expected: list[str]
) -> None:
    report = build_to(expiring_site(tmp_path), tmp_path / "o", dry_run=True, now=now)
    assert titles(report) == expected


def test_expiry_in_the_library_selection(tmp_path: Path) -> None:
    site = make_site()
    articles = summitfeed.load_articles(expiring_site(tmp_path), site=site)
    feeds = summitfeed.build_feeds(
        site, articles, now=utc(2024, 7, 1), body_of=lambda a: "Text."
    )
    assert [item.article.title for item in feeds[0].items] == ["Kept Walk"]


def test_expiry_with_the_cache_and_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import feedparser

    monkeypatch.chdir(tmp_path)  # (the cache folder is relative to it)
    content = expiring_site(tmp_path)
    out = tmp_path / "public"
    before = build_to(content, out, now=utc(2024, 6, 1), use_cache=True)
    assert titles(before) == ["Hut Offer", "Kept Walk"]
    same = build_to(content, out, now=utc(2024, 6, 1, 6), use_cache=True)
    assert same.written == ()  # nothing changed: answered from the cache
    after = build_to(content, out, now=utc(2024, 6, 2), use_cache=True)
    assert [path.name for path in after.written]  # the feeds were written again
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((out / name).read_bytes())
        assert not parsed.bozo
        assert [entry.title for entry in parsed.entries] == ["Kept Walk"]
    document = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in document["items"]] == ["Kept Walk"]


def test_expiry_in_the_quick_path_of_the_command(tmp_path: Path) -> None:
    """A run of the same command with nothing changed but the clock past an
    expiry must not be answered from the record of the run before."""
    import os
    import subprocess
    import sys
    import time

    import feedparser

    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=4)
    content = tmp_path / "content"
    write_article(content, "kept.md", basic_fields("Kept Walk", "2024-05-01"))
    write_article(
        content,
        "offer.md",
        basic_fields("Hut Offer", "2024-05-02", expires=soon.isoformat()),
    )
    for path in content.iterdir():  # old enough for their times to be trusted
        os.utime(path, (1_700_000_000, 1_700_000_000))
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    feed = tmp_path / "public" / "feed.xml"

    def run() -> list[str]:
        subprocess.run(
            [
                *(sys.executable, "-m", "summitfeed", "build", "--quiet"),
                *("--title", "Trail Log", "--base-url", BASE_URL),
            ],
            cwd=tmp_path,
            env=environment,
            check=True,
            timeout=120,
        )
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo
        return [entry.title for entry in parsed.entries]

    assert run() == ["Hut Offer", "Kept Walk"]
    written = feed.stat().st_mtime_ns
    assert run() == ["Hut Offer", "Kept Walk"]
    assert feed.stat().st_mtime_ns == written  # answered without writing
    time.sleep(max(0.0, (soon - dt.datetime.now(dt.UTC)).total_seconds()) + 0.2)
    assert run() == ["Kept Walk"]


# More keys of the themes' own, and keys that only look like ours.


@pytest.mark.parametrize(
    ("lines", "field", "want"),
    [
        # AstroPaper
        (
            "pubDatetime: 2024-05-02T04:58:53Z\n",
            "published",
            utc(2024, 5, 2, 4, 58, 53),
        ),
        (
            "date: 2024-05-02\nmodDatetime: 2024-05-03T10:00:00Z\n",
            "updated",
            utc(2024, 5, 3, 10),
        ),
        # Jekyll's last-modified-at plugin, Chirpy, Minimal Mistakes
        (
            "date: 2024-05-02\nlast_modified_at: 2024-05-04 08:00:00 +0200\n",
            "updated",
            utc(2024, 5, 4, 6),
        ),
        # MkDocs Material
        ("date: 2024-05-02\nreadtime: 15\n", "read_time", "15 min"),
        ("date: 2024-05-02\ntag: 'alps'\n", "tags", ("alps",)),
    ],
)
def test_theme_keys(lines: str, field: str, want: object) -> None:
    article = read(f"---\ntitle: 'Ridge'\n{lines}---\nText.\n").article
    assert getattr(article, field) == want


@pytest.mark.parametrize("key", ["featuredImage", "coverImage", "ogImage"])
def test_theme_hero_keys(key: str) -> None:
    text = f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{key}: '/h.png'\n---\nText.\n"
    hero = read(text).article.hero
    assert hero is not None
    assert hero.url == BASE_URL + "h.png"


@pytest.mark.parametrize(
    "lines",
    [
        "links:\n  - 'setup/index.md'\n",  # MkDocs Material's related links
        "heroImage: '/h.png'\nheroImageAlt: 'A ridge'\n",  # beside what it resembles
        "isCJKLanguage: false\n",
    ],
)
def test_generator_keys_are_no_typos(lines: str) -> None:
    text = f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{lines}---\nText.\n"
    assert read(text).warnings == ()


def test_a_real_typo_still_warns() -> None:
    text = "---\ntitle: 'Ridge'\ndate: 2024-05-02\nheroImag: '/h.png'\n---\nText.\n"
    assert read(text).warnings == (
        "content/ridge-notes.md:4: heroImag: not a known field, kept as extra "
        "metadata; did you mean heroImage?",
    )


# A date in the article's own URL (blogs that date their URLs, such as a Zola
# path key), when no date key is given.


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("path = '2014/12/12/scheduling-the-trains'", utc(2014, 12, 11, 23)),
        ("path = 'inside-rust/2020/03/04/a-post'", utc(2020, 3, 3, 23)),
        ("url = 'https://example.org/2021/07/08/a-post/'", utc(2021, 7, 7, 22)),
    ],
)
def test_date_from_the_url(line: str, day: dt.datetime) -> None:
    text = f"+++\ntitle = 'Trains'\n{line}\n+++\nText.\n"
    assert read(text).article.published == day


def test_an_impossible_date_in_the_url_is_refused() -> None:
    with pytest.raises(summitfeed.ArticleError) as caught:
        read("+++\ntitle = 'Trains'\npath = '2014/02/30/x'\n+++\nText.\n")
    assert str(caught.value) == (
        "content/ridge-notes.md:1: path: the date in the URL: 2014-02-30 is not "
        "a real date: February 2014 has 28 days"
    )


def test_a_date_key_wins_over_the_url() -> None:
    text = "+++\ntitle = 'T'\ndate = 2015-01-02\npath = '2014/12/12/x'\n+++\nx\n"
    assert read(text).article.published == utc(2015, 1, 1, 23)


def test_nothing_to_publish_counts_the_expired(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(
        content, "offer.md", basic_fields("Offer", "2024-05-02", expires="2024-06-01")
    )
    with pytest.raises(summitfeed.NothingToPublish) as caught:
        build_to(content, tmp_path / "o", dry_run=True, now=utc(2024, 7, 1))
    assert str(caught.value) == (
        "nothing to publish: 1 article(s) read, 0 draft(s), 0 dated after "
        "2024-07-01T00:00:00+00:00, 0 kept out of feeds (feed: false, or a page), "
        "1 expired "
        "(use --drafts or --future to include them)"
    )


def test_zola_taxonomies_are_tags() -> None:
    text = (
        "+++\ntitle = 'Ridge'\ndate = 2024-05-02\ntags = ['alps']\n"
        "[taxonomies]\ntags = ['snow', 'Alps']\ncategories = ['walks']\n"
        "authors = ['Mara']\n+++\nText.\n"
    )
    assert read(text).article.tags == ("alps", "snow", "walks")


def test_zola_taxonomies_with_a_wrong_value_name_the_table() -> None:
    text = "+++\ntitle = 'R'\ndate = 2024-05-02\n[taxonomies]\ntags = 3\n+++\nx\n"
    with pytest.raises(summitfeed.ArticleError) as caught:
        read(text)
    assert str(caught.value) == (
        "content/ridge-notes.md:1: taxonomies: is a number; write a list or 'one, two'"
    )


@pytest.mark.parametrize(
    ("lines", "url"),
    [
        ("header:\n  overlay_image: /assets/wide.jpg\n", BASE_URL + "assets/wide.jpg"),
        ("header:\n  teaser: /assets/small.jpg\n", BASE_URL + "assets/small.jpg"),
        (
            "header:\n  image: /assets/a.jpg\n  teaser: /assets/b.jpg\n",
            BASE_URL + "assets/a.jpg",
        ),
    ],
)
def test_minimal_mistakes_header_image(lines: str, url: str) -> None:
    text = f"---\ntitle: 'Ridge'\ndate: 2024-05-02\n{lines}---\nText.\n"
    hero = read(text).article.hero
    assert hero is not None
    assert hero.url == url


def test_a_header_without_an_image_is_no_hero_and_no_problem() -> None:
    text = (
        "---\ntitle: 'R'\ndate: 2024-05-02\nheader:\n  overlay_color: '#333'\n---\nx\n"
    )
    result = read(text)
    assert result.article.hero is None
    assert result.warnings == ()


def test_a_key_we_do_not_read_written_twice_keeps_its_last_value() -> None:
    # Jekyll sites write redirect_from: twice; Jekyll keeps the last.
    text = (
        "---\ntitle: 'Twice'\nredirect_from: /old-a/\npublish_date: '2024-01-02'\n"
        "redirect_from: /old-b/\n---\nBody.\n"
    )
    normalized = normalize(text)
    assert normalized.article.title == "Twice"
    assert normalized.article.extra["redirect_from"] == "/old-b/"
    assert normalized.warnings == (
        "content/a-walk.md:5: redirect_from: appears twice (also on line 3); "
        "the last one is kept",
    )


def test_a_field_written_twice_is_a_problem_naming_both_lines() -> None:
    text = "---\ntitle: 'One'\npublish_date: '2024-01-02'\ntitle: 'Two'\n---\nBody.\n"
    with pytest.raises(summitfeed.MetadataError) as caught:
        normalize(text)
    assert str(caught.value) == (
        "content/a-walk.md:4: title: appears twice (lines 2 and 4); keep one"
    )


def test_url_characters_left_as_written_are_printable_ascii_but_unsafe_ones() -> None:
    # RFC 3986 leaves no room in a URL for controls, the space, non-ASCII
    # or " < > \ ^ ` { | }: each of those is percent-encoded, every other
    # printable ASCII character is kept as it is.
    from summitfeed._urls import encode_url

    unsafe = set(' "<>\\^`{|}')
    for code in range(0x250):
        char = chr(code)
        url = f"https://example.org/a{char}b"
        kept = 0x21 <= code <= 0x7E and char not in unsafe
        assert (encode_url(url) == url) is kept, repr(char)


def test_checked_article_is_the_article_the_constructor_makes() -> None:
    """The field checks build articles without the constructor's own checks:
    every field must be set, to the value given, as the constructor sets it."""
    import inspect
    from types import MappingProxyType

    from summitfeed._model import Article, HeroImage, checked_article

    zone = dt.timezone(dt.timedelta(hours=2))
    values: dict[str, Any] = {
        "source": "posts/a.md",
        "slug": "a",
        "title": "A",
        "url": "https://example.org/a/",
        "id": "urn:a",
        "published": dt.datetime(2025, 2, 13, tzinfo=zone),
        "updated": dt.datetime(2025, 2, 14, tzinfo=zone),
        "created": dt.datetime(2025, 2, 12, tzinfo=zone),
        "subtitle": "sub",
        "summary": "sum",
        "authors": (Person("Ana"),),
        "hero": HeroImage(url="https://example.org/a.jpg"),
        "tags": ("x", "y"),
        "read_time": "3 min",
        "cta": "[Go](<https://example.org/>)",
        "language": "de",
        "draft": True,
        "in_feeds": False,
        "title_from_body": True,
        "expires": dt.datetime(2030, 1, 1, tzinfo=zone),
        "extra": MappingProxyType({"layout": "post"}),
    }
    parameters = list(inspect.signature(checked_article).parameters)
    assert parameters == [name for name in Article.__dataclass_fields__][:-1]
    assert "body" not in parameters  # (an article read from a file has none)
    made = checked_article(*values.values())
    expected = Article(**values)
    assert made == expected
    for name in Article.__dataclass_fields__:
        assert getattr(made, name) == getattr(expected, name), name
    with pytest.raises(AttributeError):
        made.title = "B"  # type: ignore[misc]
