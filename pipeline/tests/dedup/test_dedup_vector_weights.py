"""The vectorised pair weights (`vector_weights`) equal the reference `compare.pair_weight`, pair by pair, under
the priors and under a learned model (term-frequency adjustments, identifier and date columns); and the
comparison levels they record for learning equal the reference's, so the learned model is the same."""

import random

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pipeline.dedup import BlockIndex, DedupRecord, Features, Linker, block_keys, sort_code
from pipeline.dedup.blocking import pair_split
from pipeline.dedup.compare import COLLEAGUE_CAP, RELATIVE_CAP, pair_weight
from pipeline.dedup.learning import LevelSample, model_learn, value_counts_of
from pipeline.dedup.linker import model_with_dates
from pipeline.dedup.model import DEFAULT_MODEL, model_default
from pipeline.dedup.vector_weights import LevelColumns, pair_weights

FIRST = ["robert", "bob", "rob", "william", "bill", "elizabeth", "liz", "beth", "james", "jim", "mary", "maria",
         "john", "jon", "katherine", "catherine", "kate", "michael", "mike", "susan", "sue", "ann", "anne", "al",
         "jo", "smith", "lee", "grace", "thomas", "tom", "christopher", "chris", "o'neil", "j", "m", "r"]
LAST = ["smith", "smyth", "smithe", "johnson", "jonson", "williams", "brown", "browne", "jones", "garcia",
        "miller", "millar", "lee", "li", "thomas", "taylor", "moore", "white", "robert", "james", "grace",
        "o'brien", "obrien", "van der berg", "berg", "ng", "hernandez-lopez", "lopez"]
STREETS = ["main street", "main st", "oak avenue", "oak ave", "pine road", "north pine rd", "elm st", "lake view"]
POSTCODES = [2000, 2001, 2002, 2010, 2019, 2022, 2097, 2100, 3000, 30000]  # typos, and numbers 3 apart
CITIES = ["springfield", "springfeld", "shelbyville", "ogdenville", "north haverbrook", "capital city"]
COMPANIES = [("Acme Corp", "acme.com"), ("Acme Corporation Inc", "acme.com"), ("Globex", "globex.com"),
             ("Initech LLC", "initech.com"), ("Initrode", "initrode.com"), ("Arts Deli", ""),
             ("Art's Delicatessen", "artsdeli.com"), ("The Palm", ""), ("Palm Restaurant Group", "thepalm.com")]


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text
    i = rng.randrange(len(text) - 1)
    kind = rng.random()
    if kind < 0.3:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind < 0.6:
        return text[:i] + text[i + 1 :]
    return text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]


def person(rng: random.Random, n: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    company, domain = rng.choice(COMPANIES)
    rec = {"first_name": first, "last_name": last, "street": f"{rng.randint(1, 40)} {rng.choice(STREETS)}",
           "city": rng.choice(CITIES), "postcode": str(rng.choice(POSTCODES)),
           "state": rng.choice(["ca", "ny", "nsw", ""])}
    if rng.random() < 0.6:
        rec["email"] = rng.choice([f"{first}.{last}@{domain or 'mail.com'}", f"{first}{last}@gmail.com",
                                   "info@acme.com", f"{first}@{domain or 'mail.com'}"])
    if rng.random() < 0.5:
        rec["phone"] = rng.choice(["+1 415 555 0100", "+1 415 555 0101", f"+1 212 555 {rng.randint(1000, 1030)}",
                                   "(02) 9555 1234", "555 1234"])
    if rng.random() < 0.5:
        rec["company_name"], rec["domain"] = company, domain
    if rng.random() < 0.3:
        rec["linkedin"] = rng.choice([f"https://www.linkedin.com/in/{first}-{last}", "linkedin.com/company/acme",
                                      f"https://linkedin.com/in/{first}{rng.randint(1, 5)}/"])
    extra = {}
    if rng.random() < 0.8:
        extra["member_no"] = str(1_000_000 + n * 7)
    if rng.random() < 0.8:
        extra["date_of_birth"] = f"{rng.randint(1950, 1999)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.3:
        extra["notes"] = rng.choice(["called twice", "vip", "x"])
    rec["extra"] = extra
    return rec


def corrupt(rng: random.Random, rec: dict) -> dict:
    rec = dict(rec, extra=dict(rec["extra"]))
    for _ in range(rng.choice((1, 2, 3))):
        kind = rng.random()
        fields = [f for f in ("first_name", "last_name", "street", "city", "postcode", "email", "phone")
                  if rec.get(f)]
        if kind < 0.3 and fields:
            f = rng.choice(fields)
            rec[f] = typo(rng, rec[f])
        elif kind < 0.4:
            rec["first_name"], rec["last_name"] = rec.get("last_name", ""), rec.get("first_name", "")
        elif kind < 0.5:
            rec["first_name"] = rec.get("first_name", "")[:1]
        elif kind < 0.6:
            rec.pop(rng.choice(["street", "city", "postcode", "email", "phone", "company_name", "first_name"]), None)
        elif kind < 0.7 and rec["extra"]:
            key = rng.choice(list(rec["extra"]))
            value = rec["extra"][key]
            if key == "date_of_birth" and rng.random() < 0.5:
                rec["extra"][key] = value[:5] + value[8:10] + value[7] + value[5:7]  # day and month swapped
            else:
                rec["extra"][key] = typo(rng, value)
        elif kind < 0.8:
            number = rec.get("street", "1 x").split(" ", 1)
            rec["street"] = f"{int(number[0]) + rng.choice((1, 2, 5)) if number[0].isdigit() else 3} {number[-1]}"
        elif kind < 0.9:
            rec["full_name"] = f"{rec.pop('first_name', '')} {rec.pop('last_name', '')}".strip()
        else:
            rec["extra"] = dict(reversed(list(rec["extra"].items())))  # another column order
    return rec


def organisation(rng: random.Random) -> dict:
    company, domain = rng.choice(COMPANIES)
    rec = {"company_name": company, "domain": domain, "street": f"{rng.randint(1, 40)} {rng.choice(STREETS)}",
           "city": rng.choice(CITIES), "postcode": str(rng.choice([2000, 2003, 10001]))}
    if rng.random() < 0.5:
        rec["phone"] = rng.choice(["+1 415 555 0100", "+1 415 555 0199", "+1 415 555 0109"])
    if rng.random() < 0.3:
        rec["email"] = f"info@{domain or 'mail.com'}"
    if rng.random() < 0.2:  # a bare name that may be the company's
        rec = {"full_name": rng.choice(["Arts Deli", "The Palm", "Bob Smith", "Acme"]), **rec}
        rec.pop("company_name")
        rec.pop("email", None)
    return rec


def records(seed: int, size: int) -> list[DedupRecord]:
    rng = random.Random(seed)
    rows = []
    for n in range(size):
        rec = organisation(rng) if rng.random() < 0.15 else person(rng, n)
        rows.append(rec)
        for _ in range(rng.choice((0, 1, 2))):
            rows.append(corrupt(rng, rec) if "extra" in rec else dict(rec, city=typo(rng, rec["city"])))
    rng.shuffle(rows)
    return [DedupRecord.from_mapping(rec, id=i, recency=float(i), history=rng.random() < 0.1)
            for i, rec in enumerate(rows)]


KEYS = frozenset({"member no", "date of birth"})


def prepared(seed: int, size: int):
    feats = [Features(r, i) for i, r in enumerate(records(seed, size))]
    index = BlockIndex()
    for f in feats:
        index.add(f.idx, block_keys(f, KEYS), sort_code(f))
    rng = np.random.default_rng(seed)
    first = rng.integers(0, len(feats), 3000)
    second = (first + rng.integers(1, len(feats), 3000)) % len(feats)
    head = np.arange(120)
    all_a, all_b = np.triu_indices(head.size, 1)  # every pair of the first records: each level combination
    pairs = np.unique(np.concatenate([index.pairs(), (np.minimum(first, second) << 32) | np.maximum(first, second),
                                      (head[all_a] << 32) | head[all_b]]))
    return feats, pairs


def reference(feats, pairs, model) -> np.ndarray:
    return np.array([np.nan if feats[x].history and feats[y].history
                     else pair_weight(feats[x], feats[y], extra_keys=KEYS, model=model)
                     for x, y in zip(*(p.tolist() for p in pair_split(pairs)), strict=True)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vector_weights_equal_the_reference_under_priors_and_a_learned_model(seed):
    feats, pairs = prepared(seed, 700)
    model = model_with_dates(DEFAULT_MODEL, feats, KEYS)
    assert model.date_columns == {"date of birth"}
    linker = Linker(extra_keys=KEYS, model=model)
    weights = linker.weights(feats, pairs)
    assert_allclose(weights, reference(feats, pairs, model), rtol=0, atol=1e-9)
    # the data reaches every branch: two earlier survivors, a person and a company, colleagues and relatives capped
    assert np.isnan(weights).any() and (weights == -60.0).any()
    assert (weights == COLLEAGUE_CAP).any() and (weights == RELATIVE_CAP).any()

    learned = linker.learn(lambda _positions: feats, pairs, size=len(feats), candidate_pairs=len(pairs),
                           counts=value_counts_of(feats))
    assert learned.summary["learned"] and learned.tf["last_name"] and learned.shared_ids
    weights = linker.weights(feats, pairs)
    assert_allclose(weights, reference(feats, pairs, learned), rtol=0, atol=1e-9)
    # a window of features (a mapping, as the pipeline loads them) gives the same weights
    window = {i: feats[i] for i in np.union1d(*pair_split(pairs[:500])).tolist()}
    assert_allclose(linker.weigh(lambda _positions: window, pairs[:500]), weights[:500], rtol=0, atol=1e-9)
    assert (weights == RELATIVE_CAP).any()


def test_vector_weights_with_a_company_phone_and_no_identifier_columns():
    feats, pairs = prepared(4, 500)
    model = model_default(company_phone=True)
    got = pair_weights(feats, *pair_split(pairs), model=model, extra_keys=None)
    want = np.array([np.nan if feats[x].history and feats[y].history
                     else pair_weight(feats[x], feats[y], extra_keys=None, model=model)
                     for x, y in zip(*(p.tolist() for p in pair_split(pairs)), strict=True)])
    assert_allclose(got, want, rtol=0, atol=1e-9)


def test_vector_levels_learn_the_same_model_as_the_reference():
    feats, pairs = prepared(5, 800)
    model = model_with_dates(DEFAULT_MODEL, feats, KEYS)
    first, second = pair_split(pairs)
    vector, scalar = LevelSample(), LevelSample()
    levels = LevelColumns(pairs.size)
    vector.add_columns(levels, pair_weights(feats, first, second, model=model, extra_keys=KEYS, levels=levels))
    scalar.add_pairs(((feats[x], feats[y]) for x, y in zip(first.tolist(), second.tolist(), strict=True)),
                     model=model, extra_keys=KEYS)
    assert len(vector) == len(scalar) > 0
    assert_allclose(vector.weights, scalar.weights, rtol=0, atol=1e-9)
    counts = value_counts_of(feats)
    learned = [model_learn(sample, sample, base=model, records=len(feats), candidate_pairs=pairs.size, counts=counts)
               for sample in (vector, scalar)]
    assert learned[0].summary["learned"]
    assert learned[0].weights == learned[1].weights and learned[0].prior == learned[1].prior
    assert learned[0].tf == learned[1].tf


def test_at_most_one_edit_reads_the_same_in_osa_and_damerau_levenshtein():
    from rapidfuzz.distance import DamerauLevenshtein

    from pipeline.dedup.vector_weights import _dist

    rng = random.Random(9)
    a = [typo(rng, "".join(rng.choice("ab1 ") for _ in range(rng.randint(0, 9)))) for _ in range(3000)]
    b = [typo(rng, typo(rng, x)) if i % 3 else typo(rng, x) for i, x in enumerate(a)]
    found = _dist(np.array(a, dtype=object), np.array(b, dtype=object)) <= 1
    assert found.tolist() == [DamerauLevenshtein.distance(x, y) <= 1 for x, y in zip(a, b, strict=True)]
    assert 0 < found.sum() < len(a)


def test_vector_weights_apply_the_same_caps_on_crafted_pairs():
    """The caps each have a crafted pair (team mailbox, mailbox made of names, firms in one building, chain
    branches, an acronym, relatives born apart): the bulk path gives the reference's weight on each."""
    office = {"street": "Isastraat 8", "city": "Greonterp", "postcode": "8390FN"}
    home = {"last_name": "Torrent", "street": "Pasaje de Lorenzo Tapia 85", "city": "Pontevedra", "postcode": "05525"}
    pairs = [
        ({"first_name": "Alice", "last_name": "Jones", "email": "info@acme.de", **office},
         {"first_name": "Bernd", "last_name": "Lehmann", "email": "info@acme.de", **office}),
        ({"first_name": "Fatima", "last_name": "Kim", "email": "fatima.kim@orbit.com", "company_name": "Orbit"},
         {"first_name": "Fatima", "last_name": "Kim", "email": "fatima.kim@summit.io", "company_name": "Summit"}),
        ({"first_name": "Fatima", "last_name": "Kim", "email": "stargazer42@orbit.com"},
         {"first_name": "Fatima", "last_name": "Kim", "email": "stargazer42@gmail.com"}),
        ({"company_name": "Koret NV", "domain": "koret.nl", "phone": "+31 237 127 933", **office},
         {"company_name": "Polesel-Amaldi e figli", "phone": "+31 128 237 247", **office}),
        ({"company_name": "Velde Travel", "domain": "velde.nl", "street": "Melleweg 977", "postcode": "6938WK",
          "phone": "+31 536 953 104"},
         {"company_name": "Velde Travel", "domain": "velde.nl", "street": "Mikelaan 69", "postcode": "8165YS",
          "phone": "+31 384 711 152"}),
        ({"company_name": "Bayerische Motoren Werke AG", "phone": "+49 89 3820", **office},
         {"company_name": "BMW", "phone": "+49 89 3820", **office}),
        ({"first_name": "Carina", **home, "extra": {"Date of Birth": "2000-10-14"}},
         {"first_name": "Carmela", **home, "extra": {"Date of Birth": "1971-11-12"}}),
        ({"first_name": "Carina", **home, "extra": {"Date of Birth": "2000-10-14"}},
         {"first_name": "Carina", **home, "extra": {"Date of Birth": "2003-01-14"}}),
    ]
    feats = [Features(DedupRecord(id=i, **rec), i) for i, rec in enumerate(r for pair in pairs for r in pair)]
    (key,) = {k for f in feats if f.extra for k in f.extra}
    model = model_default(date_columns=frozenset({key}))
    first, second = np.arange(0, len(feats), 2), np.arange(1, len(feats), 2)
    expected = [pair_weight(feats[a], feats[b], extra_keys=frozenset({key}), model=model)
                for a, b in zip(first.tolist(), second.tolist(), strict=True)]
    got = pair_weights(feats, first, second, model=model, extra_keys=frozenset({key}))
    assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert (np.asarray(expected)[[0, 3, 4, 6]] <= RELATIVE_CAP).all() and expected[1] < 0  # the caps did bite
