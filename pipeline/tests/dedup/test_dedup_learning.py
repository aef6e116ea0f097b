"""The match model learned from each file: EM over candidate pairs, u from random pairs, priors for small files."""

import random

from pipeline.dedup import DedupRecord, link_records
from pipeline.dedup.model import DEFAULT_MODEL, EXTRA_PRIOR, bits

FIRST = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "william", "elizabeth",
         "david", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "charles", "karen",
         "olivia", "liam", "noah", "emma", "ava", "sophia", "isabella", "mia", "lucas", "ethan"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
        "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
        "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
        "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores"]
STREETS = ["main st", "oak ave", "pine rd", "maple dr", "cedar ln", "elm st", "lake view", "hill crest"]


def typo(rng, text):
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("aeiourstln") + text[i + 1 :]


def people(n_people, seed=3):
    """`n_people` people with an id column; a third of them again with a typo in one field. Labels: person."""
    rng = random.Random(seed)
    numbers = rng.sample(range(1_000_000, 10_000_000), n_people)  # not sequential: neighbours are one edit apart
    records, labels = [], []
    for person in range(n_people):
        base = {"first_name": rng.choice(FIRST), "last_name": rng.choice(LAST),
                "street": f"{rng.randint(1, 300)} {rng.choice(STREETS)}", "city": f"town{rng.randint(1, 40)}",
                "postcode": str(rng.randint(2000, 2999)), "extra": {"member_no": str(numbers[person])}}
        records.append(DedupRecord(id=len(records), **base))
        labels.append(person)
        if person % 3 == 0:
            copy = dict(base, extra=dict(base["extra"]))
            field = rng.choice(["first_name", "last_name", "street", "postcode"])
            copy[field] = typo(rng, copy[field])
            records.append(DedupRecord(id=len(records), **copy))
            labels.append(person)
    return records, labels


def test_a_large_enough_file_learns_its_weights():
    records, labels = people(1500)
    result = link_records(records)
    model = result._linker.model
    assert model.summary["learned"] is True
    assert 0.0 < model.summary["duplicate_share"] < 1.0
    # the member number is unique per person: learned, its exact match is worth more than the prior's
    assert model.weights["x:member no"]["exact"] > bits(*EXTRA_PRIOR["exact"]) + 3
    # a common surname agreeing says less than a rare one (term frequencies)
    assert model.tf["last_name"]["smith"] < 0
    truth = {(i, j) for i in range(len(labels)) for j in range(i + 1, min(i + 3, len(labels)))
             if labels[i] == labels[j]}
    found = {(i, j) for i, j in truth if result.survivor[i] == result.survivor[j]}
    assert len(found) / len(truth) >= 0.97
    merged_apart = sum(1 for i in range(len(labels)) if labels[result.survivor[i]] != labels[i])
    assert merged_apart == 0


def test_a_small_file_keeps_the_documented_priors():
    records, _ = people(60)
    result = link_records(records)
    model = result._linker.model
    assert model.summary["learned"] is False
    assert model.weights["first_name"] == DEFAULT_MODEL.weights["first_name"]
    assert model.prior == DEFAULT_MODEL.prior
