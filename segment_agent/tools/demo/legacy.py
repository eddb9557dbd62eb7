"""Legacy columns: leftovers of old migrations with cryptic names and no documentation.

They are mostly NULL or constant, as in a real warehouse, and get no catalog annotation.
"""

from __future__ import annotations

_NAMED: dict[str, str] = {
    "legacy_seg_code": "CASE WHEN rnd(customer_id, 'lg_seg') < 0.04 THEN ['A1', 'B2', 'C3', 'Z9']"
    "[1 + floor(4 * rnd(customer_id, 'lg_seg_v'))::INTEGER] END",
    "tmp_flag_2023": "false",
    "migr_batch_id": "CASE WHEN signup_days > 1400 THEN 20210412 END",
    "src_sys_cd": "'CRM1'",
    "old_cust_key": "CASE WHEN signup_days > 1400 THEN 'C' || lpad((customer_id * 7 + 13)::VARCHAR, 9, '0')"
    " END",
    "dw_load_ts": "TIMESTAMP '2022-03-01 02:00:00'",
    "etl_batch_no": "CASE WHEN signup_days > 2100 THEN 4471 END",
    "rec_status_cd": "'A'",
    "crm_acct_ref": "NULL::VARCHAR",
    "mktg_src_old": "CASE WHEN rnd(customer_id, 'lg_src') < 0.02 THEN 'LIST_BUY_2019' END",
    "flg_x1": "0",
    "flg_x2": "CASE WHEN rnd(customer_id, 'lg_x2') < 0.01 THEN 1 ELSE 0 END",
    "cust_typ_cd": "'R'",
    "seg_v2_tmp": "NULL::VARCHAR",
    "attr_bkp_0419": "NULL::DOUBLE",
    "imp_row_hash": "NULL::VARCHAR",
    "ptnr_ref_id": "CASE WHEN rnd(customer_id, 'lg_ptnr') < 0.015 THEN 'P' || (customer_id % 977) END",
    "gdpr_tmp_chk": "CASE WHEN country IN ('GB', 'DE', 'FR') THEN 'Y' END",
    "xref_pos_id": "NULL::BIGINT",
    "cc_hold_flg": "'N'",
    "ld_score_old": "NULL::INTEGER",
    "tier_calc_tmp": "NULL::VARCHAR",
    "geo_lat_bkp": "NULL::DOUBLE",
    "geo_lon_bkp": "NULL::DOUBLE",
    "dedupe_grp": "CASE WHEN rnd(customer_id, 'lg_dd') < 0.03 THEN floor(customer_id / 10)::BIGINT END",
    "sfmc_sub_key": "NULL::VARCHAR",
    "tmp_q3_list": "false",
    "z_reserved_1": "NULL::VARCHAR",
    "z_reserved_2": "NULL::VARCHAR",
    "z_reserved_3": "NULL::INTEGER",
}

X_ATTRS = 60


def legacy_columns() -> dict[str, str]:
    """{column: SQL} of every legacy column (over `_people` and `_traits` columns)."""
    cols = dict(_NAMED)
    for i in range(1, X_ATTRS + 1):
        kind = i % 4
        cols[f"x_attr_{i:03d}"] = (
            "NULL::VARCHAR",
            "0",
            "'N'",
            f"CASE WHEN rnd(customer_id, 'x_attr_{i}') < 0.02 THEN {i} END",
        )[kind]
    return cols


def legacy_names() -> list[str]:
    """The legacy column names, in table order."""
    return list(legacy_columns())
