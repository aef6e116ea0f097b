"""Splink 4 on the bench's data: the configuration a user would write after Splink's tutorials, not tuned here.

Needs the bench extras (bench/requirements.txt) in a venv of their own, e.g.

    python3.11 -m venv /work/benchvenv
    /work/benchvenv/bin/pip install -r requirements-dev.lock -r bench/requirements.txt
    /work/benchvenv/bin/python bench/dedup.py --splink

The configuration (the same for every data set; only the columns a file lacks are left out):
- Cleaning a Splink user does first: trim, lower-case, empty → NULL; phones keep their digits only (the last
  nine, so "+49 151…" and "0151…" meet); websites lose scheme and "www.". Nothing else (accents, particles,
  legal suffixes stay as they are).
- People: NameComparison on first_name and last_name (term-frequency adjusted), EmailComparison,
  ExactMatch on phone, DateOfBirthComparison (yyyymmdd strings), DamerauLevenshteinAtThresholds [1, 2] on an id
  column, JaroWinklerAtThresholds [0.9, 0.7] on street and company_name, ExactMatch (term-frequency adjusted)
  on city and postcode. Blocking: first+last name, last name+postcode, e-mail, phone, date of birth, id.
- Businesses: JaroWinklerAtThresholds [0.9, 0.8, 0.7] on the name, JaroWinkler on street, ExactMatch on
  phone, website, postcode and city (term-frequency adjusted). Blocking: phone, website, postcode, name's first
  four letters + city.
- Training as the tutorials do it: estimate_probability_two_random_records_match from two deterministic rules
  at recall 0.7, estimate_u_using_random_sampling(1e6 pairs), then EM twice on two blocking rules that
  between them free every comparison.
- Prediction at match probability ≥ 0.5 and clustering at 0.5: the threshold our linker uses too.
Speed counts all of Splink's work after the data frame is built (DuckDB's threads included: CPU time).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
from collections.abc import Sequence

from bench.dedup_data import Dataset

ID_COLUMNS = ("customer_id", "soc_sec_id")
PERSON_COLUMNS = ("first_name", "last_name", "email", "phone", "date_of_birth", *ID_COLUMNS, "street", "city",
                  "postcode", "company_name")
ORG_COLUMNS = ("company_name", "street", "city", "postcode", "phone", "domain")


def _clean(column: str, value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join(str(value).split()).lower()
    if column == "phone":
        digits = re.sub(r"\D", "", text)
        return digits[-9:] or None
    if column == "domain":
        text = re.sub(r"^(https?://)?(www\.)?", "", text).rstrip("/")
    return text or None


def frame(data: Dataset, columns: Sequence[str], rows: Sequence[int]):  # noqa: ANN201 (pandas is optional)
    import pandas as pd

    records = [{"unique_id": i, **{c: _clean(c, data.rows[i].get(c)) for c in columns}} for i in rows]
    df = pd.DataFrame.from_records(records, columns=["unique_id", *columns])
    return df.astype({c: "string" for c in columns}).astype(object).where(df.notna(), None)


def settings_for(data: Dataset, columns: list[str]):  # noqa: ANN201
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    has = set(columns)
    link_type = "link_only" if data.sources is not None else "dedupe_only"
    if data.kind == "org":
        comparisons = [cl.JaroWinklerAtThresholds("company_name", [0.9, 0.8, 0.7])]
        if "street" in has:
            comparisons.append(cl.JaroWinklerAtThresholds("street", [0.9, 0.7]))
        comparisons += [cl.ExactMatch(c) for c in ("phone", "domain") if c in has]
        comparisons += [cl.ExactMatch(c).configure(term_frequency_adjustments=True)
                        for c in ("postcode", "city") if c in has]
        blocking = [block_on(c) for c in ("phone", "domain", "postcode") if c in has]
        blocking.append(block_on("substr(company_name, 1, 4)", "city"))
        deterministic = [block_on("phone"), block_on("company_name", "city")]
        training = [block_on("phone"), block_on("substr(company_name, 1, 4)", "city")]
        return SettingsCreator(link_type=link_type, comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking), deterministic, training
    comparisons = [cl.NameComparison(c).configure(term_frequency_adjustments=True)
                   for c in ("first_name", "last_name")]
    if "email" in has:
        comparisons.append(cl.EmailComparison("email"))
    if "phone" in has:
        comparisons.append(cl.ExactMatch("phone"))
    if "date_of_birth" in has:
        comparisons.append(cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                                     invalid_dates_as_null=True))
    comparisons += [cl.DamerauLevenshteinAtThresholds(c, [1, 2]) for c in ID_COLUMNS if c in has]
    comparisons += [cl.JaroWinklerAtThresholds(c, [0.9, 0.7]) for c in ("street", "company_name") if c in has]
    comparisons += [cl.ExactMatch(c).configure(term_frequency_adjustments=True)
                    for c in ("city", "postcode") if c in has]
    blocking = [block_on("first_name", "last_name"), block_on("last_name", "postcode")]
    blocking += [block_on(c) for c in ("email", "phone", "date_of_birth", *ID_COLUMNS) if c in has]
    deterministic = [block_on("first_name", "last_name", "postcode")]
    deterministic += [block_on("email")] if "email" in has else []
    training = [block_on("first_name", "last_name"), block_on("postcode")]
    return SettingsCreator(link_type=link_type, comparisons=comparisons,
                           blocking_rules_to_generate_predictions=blocking), deterministic, training


def run_splink(data: Dataset, *, threshold: float = 0.5, seed: int = 1) -> tuple[list[str], float]:
    """A cluster label per row (a singleton gets its own) and the CPU seconds Splink took."""
    from splink import DuckDBAPI, Linker

    wanted = ORG_COLUMNS if data.kind == "org" else PERSON_COLUMNS
    columns = [c for c in wanted if sum(1 for r in data.rows if r.get(c)) >= 0.05 * len(data.rows)]
    if data.sources is None:
        inputs = [frame(data, columns, range(len(data.rows)))]
    else:
        inputs = [frame(data, columns, [i for i, s in enumerate(data.sources) if s == source]) for source in (0, 1)]
    started = time.process_time()
    logging.disable(logging.WARNING)  # Splink narrates every EM iteration
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            settings, deterministic, training = settings_for(data, columns)
            linker = Linker(inputs if len(inputs) > 1 else inputs[0], settings, db_api=DuckDBAPI())
            linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
            linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
            for rule in training:
                linker.training.estimate_parameters_using_expectation_maximisation(rule)
            predictions = linker.inference.predict(threshold_match_probability=threshold)
            clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
            table = clusters.as_pandas_dataframe()
    finally:
        logging.disable(logging.NOTSET)
    seconds = time.process_time() - started
    assign = [f"row{i}" for i in range(len(data.rows))]
    for uid, cluster in zip(table["unique_id"].tolist(), table["cluster_id"].tolist(), strict=True):
        assign[int(uid)] = f"cluster{cluster}"
    return assign, seconds
