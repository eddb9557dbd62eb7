"""Catalog -> search documents: one per field, one per categorical value, with human names for codes."""

from __future__ import annotations

from pathlib import Path

from segment_agent.tools.annotations import load_annotations, merge_annotations
from segment_agent.tools.catalog_model import FieldInfo, FieldProfile
from segment_agent.tools.schema_documents import (
    build_documents,
    categorical_values,
    load_value_names,
    value_names,
)
from tests.tools.schema_catalog import small_catalog


def test_one_document_per_field_and_per_categorical_value() -> None:
    catalog = small_catalog()
    docs = build_documents(catalog)
    fields = [d for d in docs if d.kind == "field"]
    assert [d.field for d in fields] == [f.name for f in catalog.fields]
    values = {(d.field, d.value) for d in docs if d.kind == "value"}
    assert ("customers.state", "TX") in values
    assert ("customers.subscription_status", "paused") in values
    assert ("orders.channel", "store") in values
    assert len({d.id for d in docs}) == len(docs)


def test_field_document_carries_name_description_and_sample_values() -> None:
    docs = {d.id: d for d in build_documents(small_catalog())}
    tier = docs["field:customers.loyalty_tier"]
    assert tier.name_text == "loyalty tier"
    assert "Loyalty program tier" in tier.text and "platinum" in tier.text
    assert tier.metadata() == {
        "kind": "field", "field": "customers.loyalty_tier", "table": "customers", "status": "certified",
        "pii": False, "legacy": False,
    }  # fmt: skip


def test_codes_get_human_names_from_the_best_covering_group() -> None:
    docs = {d.id: d for d in build_documents(small_catalog())}
    assert docs["value:customers.state=TX"].names == ("Texas", "Texan", "Lone Star State")
    assert docs["value:customers.state=CA"].names[0] == "California"
    assert docs["value:customers.country=CA"].names[0] == "Canada"
    assert "Canadian" in docs["value:customers.country=CA"].names
    assert docs["value:customers.state=ON"].names[0] == "Ontario"
    assert docs["value:customers.subscription_status=paused"].names == ()


def test_no_value_documents_for_pii_numbers_booleans_or_high_cardinality() -> None:
    top = FieldProfile(distinct=2, top_values=[("a@x.com", 1), ("b@y.com", 1)])
    assert (
        categorical_values(FieldInfo(table="t", column="email", type="VARCHAR", pii=True, profile=top)) == []
    )
    flags = FieldProfile(distinct=2, top_values=[("true", 5), ("false", 3)])
    assert categorical_values(FieldInfo(table="t", column="vip", type="BOOLEAN", profile=flags)) == []
    score = FieldProfile(distinct=3, top_values=[("1", 5), ("2", 3), ("3", 1)])
    assert categorical_values(FieldInfo(table="t", column="csat", type="INTEGER", profile=score)) == []
    many = FieldProfile(distinct=5000, min="Aachen", max="Zurich")
    assert categorical_values(FieldInfo(table="t", column="city", type="VARCHAR", profile=many)) == []


def test_declared_values_win_over_profiled_ones() -> None:
    f = FieldInfo(table="t", column="plan", type="VARCHAR", allowed_values=["basic", "plus", "premium"])
    assert categorical_values(f) == ["basic", "plus", "premium"]


def test_code_column_too_wide_to_profile_still_gets_its_codes() -> None:
    state = FieldInfo(
        table="customers",
        column="state",
        type="VARCHAR",
        profile=FieldProfile(distinct=64, min="AB", max="WI"),
    )
    codes = categorical_values(state)
    assert "TX" in codes and "ON" in codes and "WY" not in codes
    assert value_names("state", codes)["TX"][0] == "Texas"


def test_uncoded_values_get_no_names() -> None:
    assert value_names("region_code", ["R1", "R2", "R3"]) == {}
    assert value_names("status", []) == {}


def test_yaml_boolean_lookalike_codes_stay_codes() -> None:
    groups = load_value_names().groups
    assert groups["subdivisions"]["ON"][0] == "Ontario"
    assert groups["countries"]["NO"][0] == "Norway"
    assert all(isinstance(code, str) for codes in groups.values() for code in codes)


def test_legacy_and_pii_are_in_the_metadata() -> None:
    docs = {d.id: d for d in build_documents(small_catalog())}
    assert docs["field:customers.legacy_seg_code"].metadata()["legacy"] is True
    assert docs["value:customers.legacy_seg_code=A1"].metadata()["legacy"] is True
    assert docs["field:customers.email"].metadata()["pii"] is True
    assert all(v is not None for d in docs.values() for v in d.metadata().values())


def test_declared_value_labels_name_values_first() -> None:
    plan = FieldInfo(
        table="customers", column="plan_code", type="VARCHAR", allowed_values=["B", "P"],
        value_labels={"B": "Basic membership", "P": "Premium membership"},
    )  # fmt: skip
    catalog = small_catalog().model_copy(update={"fields": [plan]})
    docs = {d.id: d for d in build_documents(catalog)}
    assert docs["value:customers.plan_code=P"].names == ("Premium membership",)
    names = value_names("state", ["TX", "CA"], {"TX": "Lone Star State"})
    assert names["TX"] == ("Lone Star State", "Texas", "Texan")


def test_demonyms_name_states_and_language_names_need_their_context() -> None:
    docs = {d.id: d for d in build_documents(small_catalog())}
    assert "Floridian" in docs["value:customers.state=FL"].names
    lang = FieldInfo(table="customers", column="language", type="VARCHAR", allowed_values=["en", "fr", "de"])
    catalog = small_catalog().model_copy(update={"fields": [lang]})
    french = {d.id: d for d in build_documents(catalog)}["value:customers.language=fr"]
    assert french.names[0] == "French" and "speak" in french.context
    assert docs["value:customers.state=FL"].context == ()


def test_annotated_value_labels_flow_into_value_documents(tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(
        "tables:\n  customers:\n    columns:\n      tier:\n        allowed_values: [G, P]\n"
        "        value_labels: {G: Gold, P: Platinum, 'NO': Norway}\n"
    )
    tier = FieldInfo(table="customers", column="tier", type="VARCHAR")
    assert merge_annotations([tier], load_annotations(notes)) == []
    assert tier.value_labels == {"G": "Gold", "P": "Platinum", "NO": "Norway"}
    catalog = small_catalog().model_copy(update={"fields": [tier]})
    assert {d.id: d for d in build_documents(catalog)}["value:customers.tier=P"].names == ("Platinum",)


def test_ends_of_an_ordered_list_are_marked_with_the_fields_words() -> None:
    tiers = FieldInfo(
        table="customers", column="loyalty_tier", type="VARCHAR", tags=["loyalty"],
        allowed_values=["none", "bronze", "silver", "gold", "platinum"],
    )  # fmt: skip
    catalog = small_catalog().model_copy(update={"fields": [tiers], "fingerprint": "tiers"})
    docs = {d.value: d for d in build_documents(catalog) if d.kind == "value"}
    assert (docs["platinum"].end, docs["bronze"].end, docs["none"].end, docs["gold"].end) == (
        "top", "bottom", None, None,
    )  # fmt: skip
    assert set(docs["platinum"].scale) == {"loyalty", "tier"} and docs["gold"].scale == ()
