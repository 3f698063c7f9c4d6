"""Site settings: where they are read from, and messages that name the real source."""

from __future__ import annotations

import pytest

from summitfeed import ConfigError, load_site
from summitfeed._cli.main import main

TOKEN_NAMES = (
    "{slug}, {filename}, {file_slug}, {title}, {slug_or_title}, {path}, {dir}, "
    "{section}, "
    "{categories}, {year}, {short_year}, {month}, {i_month}, {day}, {i_day}, "
    "{y_day}, {hour}, {minute}, {second}, {date}"
)
BASICS = 'title = "Trail Log"\nbase_url = "https://trails.example.org/"\n'


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_summitfeed_toml_wins_over_pyproject(folder):
    (folder / "summitfeed.toml").write_text(BASICS, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        '[tool.summitfeed]\ntitle = "Other"\nbase_url = "https://other.example/"\n',
        encoding="utf-8",
    )
    assert load_site().title == "Trail Log"


def test_pyproject_section_is_read(folder):
    (folder / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n[tool.summitfeed]\n" + BASICS, encoding="utf-8"
    )
    site = load_site()
    assert site.title == "Trail Log"
    assert site.limit == 50


def test_overrides_win_and_are_checked_as_their_option(folder):
    (folder / "summitfeed.toml").write_text(BASICS + "limit = 10\n", encoding="utf-8")
    assert load_site(limit=5).limit == 5
    with pytest.raises(ConfigError) as caught:
        load_site(formats="rss,atm")
    assert str(caught.value) == (
        "--formats: unknown format atm (choose from rss, atom, json)"
    )


def test_a_bad_value_in_the_file_names_the_file_and_key(folder):
    (folder / "summitfeed.toml").write_text(
        BASICS + 'timezone = "Europe/Zurch"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_site()
    assert str(caught.value) == (
        "summitfeed.toml: timezone: 'Europe/Zurch' is not a known time zone "
        "(write an IANA name such as Europe/Zurich or UTC)"
    )


def test_an_unknown_setting_suggests_the_close_one(folder):
    (folder / "summitfeed.toml").write_text(
        BASICS + "tag_feed = true\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_site()
    assert str(caught.value).startswith(
        "summitfeed.toml: 'tag_feed' is not a setting (did you mean tag_feeds?)"
    )


def test_site_author_keeps_name_email_url_of_a_mapping_with_more(folder):
    (folder / "summitfeed.toml").write_text(
        BASICS + "author = { name = 'Trail Desk', twitter = 'traildesk' }\n",
        encoding="utf-8",
    )
    assert [person.name for person in load_site().author] == ["Trail Desk"]


def test_no_settings_file_says_where_it_looked(folder):
    with pytest.raises(ConfigError) as caught:
        load_site()
    message = str(caught.value)
    assert "no settings file" in message
    assert str(folder) in message
    assert message.endswith(
        "title is required (set it in summitfeed.toml, or give --title)"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("limit = -1", "summitfeed.toml: limit: must be 0 or more"),
        (
            "limit = 'many'",
            "summitfeed.toml: limit: expected a whole number, got 'many'",
        ),
        (
            "tag_feeds = 'yes'",
            "summitfeed.toml: tag_feeds: expected true or false, got 'yes'",
        ),
        (
            "permalink = '{slug}/{author}/'",
            "summitfeed.toml: permalink: '{slug}/{author}/': {author} is not a "
            "token (the tokens are " + TOKEN_NAMES + ", each written alone in braces)",
        ),
        (
            "permalink = '{year:x>10000000}/'",
            "summitfeed.toml: permalink: '{year:x>10000000}/': {year:x>10000000} "
            "is not a token (the tokens are "
            + TOKEN_NAMES
            + ", each written alone in braces)",
        ),
        (
            "permalink = '{slug.__class__}/'",
            "summitfeed.toml: permalink: '{slug.__class__}/': {slug.__class__} "
            "is not a token (the tokens are "
            + TOKEN_NAMES
            + ", each written alone in braces)",
        ),
        (
            "rss_file = '../x.xml'",
            "summitfeed.toml: rss_file: '../x.xml' must be a plain file name",
        ),
        (
            "icon = 'javascript:alert(1)'",
            "summitfeed.toml: icon: 'javascript:alert(1)' "
            "must be an http(s) URL or a path",
        ),
        (
            "hubs = ['hub.example']",
            "summitfeed.toml: hubs: 'hub.example' is not an absolute http(s) URL",
        ),
        (
            "author = { name = 'Trail Desk', emial = 'desk@trails.example.org' }",
            "summitfeed.toml: author: emial is not a key of a person; "
            "did you mean email?",
        ),
    ],
)
def test_value_errors_name_file_and_key(folder, line, message):
    (folder / "summitfeed.toml").write_text(BASICS + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_site()
    assert str(caught.value) == message


def test_the_command_exits_2_on_settings_errors(folder, capsys):
    (folder / "summitfeed.toml").write_text(
        BASICS + "tag_feed = true\n", encoding="utf-8"
    )
    (folder / "content").mkdir()
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summitfeed: summitfeed.toml: 'tag_feed' is not a setting")
    assert "Traceback" not in err


def test_options_are_not_abbreviated(folder, capsys):
    (folder / "summitfeed.toml").write_text(BASICS, encoding="utf-8")
    (folder / "content").mkdir()
    assert main(["build", "--tag-feed"]) == 2
    assert "unrecognized arguments: --tag-feed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "atom_file = 'feed.xml'",
            "summitfeed.toml: atom_file: 'feed.xml' is already "
            "the name of rss_file; give each output its own file name",
        ),
        (
            "rss_file = 'feed.css'",
            "summitfeed.toml: rss_file: 'feed.css' is already "
            "the name of the preview stylesheet; give each output its own file name",
        ),
    ],
)
def test_two_outputs_may_not_share_a_file_name(folder, line, message):
    (folder / "summitfeed.toml").write_text(BASICS + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_site()
    assert str(caught.value) == message


def test_now_out_of_range_is_a_usage_error(folder, capsys):
    (folder / "summitfeed.toml").write_text(BASICS, encoding="utf-8")
    (folder / "content").mkdir()
    assert main(["build", "--now", "99999999999999"]) == 2
    assert (
        "--now: '99999999999999' is out of range for a date" in capsys.readouterr().err
    )
