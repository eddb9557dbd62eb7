"""The business glossary: loading, validation errors that name the term, and finding terms in goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.glossary import Glossary, load_glossary

DEMO_TERMS = {
    "high-value", "low-value", "active", "inactive", "lapsed", "recent buyers", "new customers",
    "likely to churn", "declining engagement", "frequent buyers", "one-time buyers",
    "engaged email subscribers", "reachable by email", "reachable by sms", "reachable by push",
}  # fmt: skip


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(text)
    return path


def test_default_glossary_has_every_demo_term(glossary: Glossary) -> None:
    assert set(glossary.names()) == DEMO_TERMS
    assert glossary.source == "default"
    assert all(t.definition and t.criteria for t in glossary.terms)


def test_default_meanings_match_the_demo_contract(glossary: Glossary) -> None:
    high = glossary.get("high-value").criteria[0]
    assert (high.field, high.op, high.percentile) == ("customers.lifetime_value", ">=", 0.9)
    (low,) = glossary.get("low-value").criteria
    assert (low.field, low.op, low.percentile) == ("customers.lifetime_value", "<", 0.25)
    dormant = glossary.get("dormant").criteria[0]
    assert (dormant.field, dormant.op, dormant.value, dormant.or_null) == (
        "customers.last_active_date", "older_than_days", 90, True,
    )  # fmt: skip
    lapsed = [(c.field, c.op, c.value) for c in glossary.get("lapsed").criteria]
    assert lapsed == [
        ("customers.total_purchases", ">=", 1),
        ("customers.last_purchase_date", "older_than_days", 90),
    ]
    email = [(c.field, c.op) for c in glossary.get("reachable by email").criteria]
    assert email == [("customers.email_opt_in", "is_true"), ("customers.do_not_contact", "is_false")]
    assert glossary.get("at risk").criteria[0].value == 0.7


def test_get_ignores_case_hyphens_and_spaces(glossary: Glossary) -> None:
    assert glossary.get("HIGH VALUE").name == "high-value"
    assert glossary.get("one time buyers").name == "one-time buyers"
    assert glossary.get("at-risk").name == "likely to churn"
    assert glossary.get("loyal") is None


def test_find_terms_prefers_the_longest_alias_without_overlap(glossary: Glossary) -> None:
    text = "Lapsed buyers who are not active and At-Risk"
    found = [(m.term, text[m.span[0] : m.span[1]]) for m in glossary.find_terms(text)]
    assert found == [("lapsed", "Lapsed buyers"), ("inactive", "not active"), ("likely to churn", "At-Risk")]


def test_find_terms_respects_word_boundaries_and_exclusions(glossary: Glossary) -> None:
    assert [m.term for m in glossary.find_terms("inactive customers")] == ["inactive"]
    assert glossary.find_terms("customers with an active subscription") == []
    assert glossary.find_terms("hyperactive reactivation campaign") == []


def test_find_terms_returns_alias_and_span_in_text_order(glossary: Glossary) -> None:
    text = "high-value customers who are likely to churn, reachable by email"
    matches = glossary.find_terms(text)
    assert [m.term for m in matches] == ["high-value", "likely to churn", "reachable by email"]
    assert all(text[s:e].lower() == m.alias.lower() for m in matches for s, e in [m.span])


def test_settings_path_overrides_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(
        tmp_path,
        "terms:\n  whales:\n    aliases: [big fish]\n    definition: Top 1%.\n"
        "    criteria:\n      - {field: customers.lifetime_value, op: '>=', percentile: 0.99}\n",
    )
    monkeypatch.setenv("SEGMENT_AGENT_GLOSSARY_PATH", str(path))
    get_settings.cache_clear()
    glossary = load_glossary()
    assert glossary.names() == ["whales"]
    assert glossary.find_terms("the big fish")[0].term == "whales"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("    definition: x\n    criteria: []\n", "criteria"),
        ("    definition: x\n    criteria:\n      - {field: customers.a, op: bigger}\n", "op"),
        (
            "    definition: x\n    criteria:\n      - {field: customers.a, op: '=', percentile: 0.9}\n",
            "percentile",
        ),
        ("    criteria:\n      - {field: customers.a, op: is_true}\n", "definition"),
        ("    just a string\n", "mapping"),
    ],
)
def test_invalid_terms_raise_user_errors_naming_the_term(tmp_path: Path, body: str, needle: str) -> None:
    good = "  good:\n    definition: ok\n    criteria:\n      - {field: customers.a, op: is_true}\n"
    path = _write(tmp_path, f"terms:\n{good}  broken term:\n{body}")
    with pytest.raises(UserError) as err:
        load_glossary(path)
    assert "broken term" in err.value.message
    assert needle in err.value.message
    assert str(path) in err.value.hint


def test_an_alias_used_by_two_terms_is_rejected(tmp_path: Path) -> None:
    rule = "    definition: x\n    criteria:\n      - {field: customers.a, op: is_true}\n"
    path = _write(tmp_path, f"terms:\n  vip:\n    aliases: [best]\n{rule}  top:\n    aliases: [Best]\n{rule}")
    with pytest.raises(UserError, match="'vip' and 'top' both use 'best'"):
        load_glossary(path)


@pytest.mark.parametrize("text", ["terms: [a, b]\n", "terms: {a: [\n", ""])
def test_malformed_files_raise_user_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(UserError):
        load_glossary(_write(tmp_path, text))


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Cannot read the glossary"):
        load_glossary(tmp_path / "nope.yaml")
