"""Dedup benchmark: labelled duplicates with realistic corruptions → pairwise precision, recall, F1, leads/s.

    .venv/bin/python bench/dedup.py                # person + organisation data, default sizes
    .venv/bin/python bench/dedup.py --persons 100000 --orgs 0 --seed 7

Person data is FEBRL-like (names, address, postcode, state, optional e-mail/phone/company); every
original gets 0–4 duplicates with 1–3 corruptions each (typos, transpositions, OCR and phonetic errors,
nicknames, initials, swapped names, missing values, e-mail dots/+tags, phone formats, abbreviations).
Organisation data is restaurant/company-like and messier: abbreviations, dropped or reordered words,
legal suffixes, address variants, phone changes, and near-miss negatives (chains, same building).
Speed counts the whole library (features, blocking, scoring, clustering) on one core, not generation.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from faker import Faker  # noqa: E402

from pipeline.dedup import (  # noqa: E402
    BlockIndex,
    DedupRecord,
    Features,
    block_keys,
    extra_identifier_keys,
    link_records,
    sort_code,
)
from pipeline.dedup.compare import pair_weight, probability_of  # noqa: E402

NICKS = {"robert": "bob", "william": "bill", "elizabeth": "liz", "margaret": "peggy", "james": "jim",
         "richard": "dick", "jennifer": "jen", "michael": "mike", "katherine": "kate", "thomas": "tom",
         "christopher": "chris", "patricia": "pat", "joseph": "joe", "daniel": "dan", "susan": "sue",
         "matthew": "matt", "anthony": "tony", "jessica": "jess", "nicholas": "nick", "edward": "ted",
         "alexander": "alex", "stephen": "steve", "rebecca": "becky", "samuel": "sam", "benjamin": "ben"}
OCR = {"0": "o", "1": "l", "5": "s", "8": "b", "m": "rn", "cl": "d", "o": "0", "l": "1", "rn": "m"}
PHONETIC = {"ph": "f", "c": "k", "ee": "ea", "y": "ie", "ck": "k", "s": "z", "th": "t", "ou": "ow", "ll": "l"}
STREET_ABBR = {"Street": "St", "Road": "Rd", "Avenue": "Ave", "Place": "Pl", "Drive": "Dr", "Lane": "Ln",
               "Boulevard": "Blvd.", "Court": "Ct", "Crescent": "Cres", "Parade": "Pde", "Highway": "Hwy"}


def typo(rng: random.Random, s: str) -> str:
    if len(s) < 2:
        return s
    i = rng.randrange(len(s) - 1)
    kind = rng.random()
    if kind < 0.25:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]  # transposition
    if kind < 0.5:
        return s[:i] + s[i + 1 :]  # deletion
    if kind < 0.75:
        return s[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + s[i + 1 :]  # substitution
    return s[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + s[i:]  # insertion


def ocr_or_phonetic(rng: random.Random, s: str) -> str:
    table = OCR if rng.random() < 0.5 else PHONETIC
    options = [k for k in table if k in s.lower()]
    if not options:
        return typo(rng, s)
    k = rng.choice(options)
    i = s.lower().index(k)
    return s[:i] + table[k] + s[i + len(k) :]


def email_for(rng: random.Random, first: str, last: str, company_domain: str) -> str:
    if rng.random() < 0.5:
        return f"{first}.{last}@{company_domain}".lower()
    return f"{first}{rng.choice(['.', '', '_'])}{last}{rng.randint(1, 99)}@gmail.com".lower()


def person_originals(fake: Faker, rng: random.Random, n: int) -> list[dict]:
    companies = [(fake.company(), fake.domain_name()) for _ in range(max(10, n // 20))]
    out = []
    for _ in range(n):
        first, last = fake.first_name(), fake.last_name()
        company, domain = rng.choice(companies)
        rec = {"first_name": first, "last_name": last, "street": fake.street_address(), "city": fake.city(),
               "postcode": fake.postcode(), "state": fake.state_abbr()}
        if rng.random() < 0.6:
            rec["email"] = email_for(rng, first, last, domain)
        if rng.random() < 0.5:
            rec["phone"] = "+61" + str(rng.randint(200000000, 499999999))
        if rng.random() < 0.5:
            rec["company_name"] = company
        out.append(rec)
    return out


def febrl_originals(fake: Faker, rng: random.Random, n: int) -> list[dict]:
    """FEBRL-like: no e-mail/phone/company; date of birth and a social-security id as extra columns."""
    out = []
    for _ in range(n):
        rec = {"first_name": fake.first_name(), "last_name": fake.last_name(), "street": fake.street_address(),
               "city": fake.city(), "postcode": fake.postcode(), "state": fake.state_abbr(),
               "extra": {"date_of_birth": fake.date_of_birth().strftime("%Y%m%d"),
                         "soc_sec_id": str(rng.randint(1000000, 9999999))}}
        for f in ("first_name", "last_name", "street", "city", "postcode", "state"):
            if rng.random() < 0.03:
                rec.pop(f)
        out.append(rec)
    return out


def corrupt_febrl(rng: random.Random, rec: dict) -> dict:
    rec = corrupt_person(rng, rec)
    extra = dict(rec["extra"])
    for key in list(extra):
        roll = rng.random()
        if roll < 0.15:
            value = extra[key]
            extra[key] = typo(rng, value) if rng.random() < 0.5 else value[:2] + value[3] + value[2] + value[4:]
        elif roll < 0.22:
            extra.pop(key)
    rec["extra"] = extra
    return rec


def corrupt_person(rng: random.Random, rec: dict) -> dict:
    rec = dict(rec)
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        kind = rng.random()
        fields = [f for f in ("first_name", "last_name", "street", "city", "postcode") if rec.get(f)]
        if kind < 0.30 and fields:
            f = rng.choice(fields)
            rec[f] = typo(rng, rec[f])
        elif kind < 0.40 and fields:
            f = rng.choice(fields)
            rec[f] = ocr_or_phonetic(rng, rec[f])
        elif kind < 0.50:
            f = rng.choice(("street", "city", "postcode", "state", "email", "phone", "company_name"))
            rec.pop(f, None)
        elif kind < 0.56:
            rec["first_name"], rec["last_name"] = rec.get("last_name", ""), rec.get("first_name", "")
        elif kind < 0.62:
            nick = NICKS.get(rec.get("first_name", "").lower())
            rec["first_name"] = nick.title() if nick else rec.get("first_name", "")[:1]
        elif kind < 0.66:
            rec["first_name"] = rec.get("first_name", "")[:1] + "."
        elif kind < 0.74 and rec.get("email"):
            local, domain = rec["email"].split("@")
            if domain == "gmail.com":
                local = local.replace(".", "") if "." in local else local[:2] + "." + local[2:]
            rec["email"] = (local + rng.choice(["+news", "+crm", ""]) + "@" + domain).upper()
        elif kind < 0.80 and rec.get("street"):
            street = rec["street"]
            for full, abbr in STREET_ABBR.items():
                street = street.replace(full, abbr) if rng.random() < 0.5 else street.replace(abbr, full)
            rec["street"] = street
        elif kind < 0.86 and rec.get("phone"):
            digits = rec["phone"][3:]
            rec["phone"] = rng.choice([f"0{digits[:1]} {digits[1:5]} {digits[5:]}", f"(0{digits[0]}) {digits[1:]}"])
        elif kind < 0.90 and rec.get("postcode"):
            p = rec["postcode"]
            rec["postcode"] = p[:2] + p[3] + p[2] if len(p) == 4 else typo(rng, p)
        elif kind < 0.95:
            rec["last_name"] = rec.get("last_name", "") + rng.choice(["-" + rng.choice(["Smith", "Jones", "Lee"]), ""])
        else:
            rec.pop("email", None)
            rec.pop("phone", None)
    return rec


RESTAURANT_WORDS = ["Cafe", "Grill", "Bistro", "Restaurant", "Kitchen", "Deli", "Diner", "Trattoria", "Bar & Grill",
                    "Steakhouse", "Brasserie", "Tavern", "Noodle House", "Pizzeria", "Bakery", "Sushi Bar"]
ORG_ABBR = {"Delicatessen": "Deli", "Restaurant": "Rest.", "Company": "Co.", "Brothers": "Bros.", "and": "&",
            "Saint": "St.", "Mountain": "Mt.", "International": "Intl", "Corporation": "Corp."}
LEGAL = ["Inc.", "LLC", "Ltd", "Corp.", "Co.", ""]


def org_originals(fake: Faker, rng: random.Random, n: int) -> list[dict]:
    out = []
    cities = [fake.city() for _ in range(max(5, n // 60))]
    chains = []
    for _ in range(n):
        if chains and rng.random() < 0.05:
            name = rng.choice(chains)  # a chain: same name, another address and phone (not a duplicate)
        elif rng.random() < 0.5:
            name = f"{fake.last_name()}'s {rng.choice(RESTAURANT_WORDS)}"
        elif rng.random() < 0.5:
            name = f"{rng.choice(['The ', ''])}{fake.word().title()} {rng.choice(RESTAURANT_WORDS)}"
        else:
            name = fake.company()
        if rng.random() < 0.03:
            chains.append(name)
        area = rng.choice(["212", "310", "404", "415", "702", "213"])
        rec = {"company_name": name, "street": fake.street_address(), "city": rng.choice(cities),
               "phone": f"{area}/{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"}
        if rng.random() < 0.4:
            rec["domain"] = fake.domain_name()
        rec["neighbourhood"] = rng.choice(cities)
        out.append(rec)
    return out


def corrupt_org(rng: random.Random, rec: dict) -> dict:
    rec = dict(rec)
    for _ in range(rng.choice((1, 2, 2, 3))):
        kind = rng.random()
        name = rec["company_name"]
        if kind < 0.15:
            words = name.split()
            for full, abbr in ORG_ABBR.items():
                words = [abbr if w == full else (full if w == abbr else w) for w in words]
            rec["company_name"] = " ".join(words)
        elif kind < 0.25:
            words = name.split()
            if len(words) > 2:
                words.pop(rng.randrange(len(words)))
            rec["company_name"] = " ".join(words)
        elif kind < 0.32:
            words = name.split()
            rec["company_name"] = " ".join(words[1:] + words[:1]) if len(words) > 1 else name
        elif kind < 0.40:
            rec["company_name"] = f"{name.rstrip('.')} {rng.choice(LEGAL)}".strip()
        elif kind < 0.52:
            rec["company_name"] = typo(rng, name)
        elif kind < 0.60:
            rec["company_name"] = name.upper() if rng.random() < 0.5 else name.lower()
        elif kind < 0.70 and rec.get("street"):
            street = rec["street"]
            for full, abbr in STREET_ABBR.items():
                street = street.replace(full, abbr) if full in street else street.replace(abbr, full)
            rec["street"] = street + rng.choice(["", "", " Suite 100", ", Floor 2"])
        elif kind < 0.76 and rec.get("street"):
            rec["street"] = typo(rng, rec["street"])
        elif kind < 0.84 and rec.get("phone"):
            p = rec["phone"]
            rec["phone"] = rng.choice([p.replace("/", "-"), "(" + p.replace("/", ") "), p.replace("/", ".")])
        elif kind < 0.88:
            rec["phone"] = f"{rng.choice(['212', '310'])}/{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
        elif kind < 0.94:
            rec.pop(rng.choice(["street", "phone", "domain", "city"]), None)
        elif kind < 0.97:
            rec["city"] = rng.choice(["West " + rec.get("city", ""), rec.get("neighbourhood", ""), ""])
        else:
            rec["company_name"] = f"{name} at the {rng.choice(['Plaza', 'Argyle', 'Park', 'Hotel'])}"
    rec.pop("neighbourhood", None)
    return rec


def dataset(kind: str, n: int, seed: int) -> tuple[list[DedupRecord], list[int]]:
    rng = random.Random(seed)
    fake = Faker("en_US" if kind == "org" else "en_AU")
    Faker.seed(seed)
    makers = {"person": (person_originals, corrupt_person), "febrl": (febrl_originals, corrupt_febrl),
              "org": (org_originals, corrupt_org)}
    make, corrupt = makers[kind]
    originals = make(fake, rng, n)
    rows: list[tuple[dict, int]] = []
    for entity, rec in enumerate(originals):
        rows.append(({k: v for k, v in rec.items() if k != "neighbourhood"}, entity))
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3, 4) if kind != "org" else (0, 0, 0, 1, 1, 2))):
            rows.append((corrupt(rng, rec), entity))
    rng.shuffle(rows)
    records = [DedupRecord.from_mapping(rec, id=i, recency=float(i)) for i, (rec, _) in enumerate(rows)]
    return records, [entity for _, entity in rows]


def pairwise(labels: list[int], predicted: list[int]) -> tuple[float, float, float]:
    def pairs(assign: list[int]) -> set[tuple[int, int]]:
        groups = defaultdict(list)
        for i, g in enumerate(assign):
            groups[g].append(i)
        return {p for members in groups.values() for p in itertools.combinations(members, 2)}

    truth, found = pairs(labels), pairs(predicted)
    tp = len(truth & found)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def calibration(records: list[DedupRecord], labels: list[int]) -> list[str]:
    """Reliability of the match probabilities over every candidate pair blocking proposed."""
    feats = [Features(r, i) for i, r in enumerate(records)]
    extra_keys = extra_identifier_keys(f.extra for f in feats)
    index = BlockIndex()
    for f in feats:
        index.add(f.idx, block_keys(f, extra_keys), sort_code(f))
    bins = defaultdict(lambda: [0, 0, 0.0])
    for key in index.pairs().tolist():
        a, b = key >> 32, key & 0xFFFFFFFF
        p = probability_of(pair_weight(feats[a], feats[b], extra_keys=extra_keys))
        cell = bins[min(int(p * 10), 9)]
        cell[0] += 1
        cell[1] += labels[a] == labels[b]
        cell[2] += p
    return [f"    p in [{b / 10:.1f},{(b + 1) / 10:.1f}): pairs={n:7d}  mean p={s / n:.3f}  observed={k / n:.3f}"
            for b, (n, k, s) in sorted(bins.items())]


def run(kind: str, n: int, seed: int) -> None:
    records, labels = dataset(kind, n, seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = link_records(records)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    precision, recall, f1 = pairwise(labels, result.survivor)
    print(f"{kind:7s} records={len(records):7d} pairs_compared={result.pairs_compared:8d} "
          f"precision={precision:.4f} recall={recall:.4f} F1={f1:.4f} "
          f"leads/s={len(records) / cpu:,.0f} (CPU; wall {len(records) / seconds:,.0f})")
    for line in calibration(records, labels):
        print(line)


def reference_speed() -> float:
    """CPU seconds for 5 million `x += i` steps in a function: a yardstick for comparing machines."""
    started = time.process_time()
    x = 0
    for i in range(5_000_000):
        x += i
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000, help="original people (duplicates are added)")
    parser.add_argument("--febrl", type=int, default=5_000, help="FEBRL-like originals (no contact fields)")
    parser.add_argument("--orgs", type=int, default=5_000, help="original organisations (duplicates are added)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(f"reference: 5M interpreter steps in {reference_speed():.2f} s CPU (compare machines by this)")
    if args.persons:
        run("person", args.persons, args.seed)
    if args.febrl:
        run("febrl", args.febrl, args.seed)
    if args.orgs:
        run("org", args.orgs, args.seed)


if __name__ == "__main__":
    main()
