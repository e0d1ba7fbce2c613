"""Settings: defaults, parsing, and one clear sentence for each mistake."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings

GOOD_TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef_-12"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # Settings read .env from the working directory; run where there is none.
    monkeypatch.chdir(tmp_path)
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "DATABASE_URL",
        "COORDINATOR_IDS",
        "TIMEZONE",
        "TELEGRAM_API_BASE_URL",
        "BROADCAST_RATE",
        "PROJECTS_DIR",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_follow_the_contract() -> None:
    settings = load_settings()
    assert settings.telegram_api_base_url == "https://api.telegram.org"
    assert settings.database_path == "data/tandem.sqlite3"
    assert settings.timezone == "Europe/London"
    assert settings.coordinator_ids == frozenset()
    assert settings.broadcast_rate == 25.0


def test_missing_token_explains_botfather() -> None:
    with pytest.raises(ConfigError, match=r"TELEGRAM_BOT_TOKEN is not set.*@BotFather.*\.env"):
        load_settings().token  # noqa: B018


def test_malformed_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not-a-token")
    with pytest.raises(ConfigError, match="does not look like a bot token"):
        load_settings().token  # noqa: B018


def test_token_is_secret_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", GOOD_TOKEN)
    settings = load_settings()
    assert settings.token == GOOD_TOKEN
    assert GOOD_TOKEN not in repr(settings) and GOOD_TOKEN not in str(settings.model_dump())


def test_dotenv_file_is_read(tmp_path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={GOOD_TOKEN}\nCOORDINATOR_IDS=5, 7\n")
    settings = load_settings()
    assert settings.token == GOOD_TOKEN
    assert settings.coordinator_ids == frozenset({5, 7})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "mysql://localhost/tandem", "DATABASE_URL must be a SQLite URL"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE 'Mars/Olympus' is not a time zone name"),
        ("COORDINATOR_IDS", "12, alice", "COORDINATOR_IDS must be Telegram user ids"),
        ("TELEGRAM_API_BASE_URL", "localhost:8081", "must start with http"),
        ("BROADCAST_RATE", "0", "BROADCAST_RATE"),
    ],
)
def test_bad_values_give_one_clear_sentence(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings()
    assert "Set it in .env or the environment." in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_absolute_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////var/lib/tandem/t.sqlite3")
    assert load_settings().database_path == "/var/lib/tandem/t.sqlite3"
