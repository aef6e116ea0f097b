"""Labelled dedup data sets for the bench: people in eight locales and a messy business directory.

Each set is a list of flat rows (column → text, as a customer's file would hold them) with the true entity of
every row, and for two-source sets the source of every row. The generator is seeded and uses Faker only.

Sets:
- `person_id`: people with addresses, e-mail, phone, company, date of birth and an id column (most duplicates
  share the id, some with one typo, some without it).
- `person_noid`: the same rows without the id column.
- `two_source`: two files of the same population; each person at most once per file (like FEBRL4).
- `business`: a business directory with noisy names, address and phone variants, chains and branches.

Negatives that fool a naive matcher are built in: colleagues (same company, domain, switchboard, office
address; different names and e-mails), households (same surname, address and landline; different given names),
branches of one chain (same name and website; other address and phone) and firms sharing a building.
"""

from __future__ import annotations

import os
import random
import sys
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "pl_PL")
LOCALE_WEIGHTS = (4, 3, 2, 2, 2, 1, 1, 1)
COUNTRY_CODE = {"en_US": "1", "en_GB": "44", "de_DE": "49", "fr_FR": "33", "nl_NL": "31", "es_ES": "34",
                "it_IT": "39", "pl_PL": "48"}
TLD = {"en_US": "com", "en_GB": "co.uk", "de_DE": "de", "fr_FR": "fr", "nl_NL": "nl", "es_ES": "es", "it_IT": "it",
       "pl_PL": "pl"}
FREEMAIL = {"en_US": ("gmail.com", "yahoo.com", "outlook.com"), "en_GB": ("gmail.com", "btinternet.com"),
            "de_DE": ("gmx.de", "web.de", "gmail.com"), "fr_FR": ("orange.fr", "free.fr", "gmail.com"),
            "nl_NL": ("ziggo.nl", "gmail.com"), "es_ES": ("gmail.com", "hotmail.es"),
            "it_IT": ("libero.it", "gmail.com"), "pl_PL": ("wp.pl", "onet.pl", "gmail.com")}
NICKS = {"robert": "bob", "william": "bill", "elizabeth": "liz", "margaret": "peggy", "james": "jim",
         "richard": "dick", "jennifer": "jen", "michael": "mike", "katherine": "kate", "thomas": "tom",
         "christopher": "chris", "patricia": "pat", "joseph": "joe", "daniel": "dan", "susan": "sue",
         "matthew": "matt", "anthony": "tony", "nicholas": "nick", "alexander": "alex", "stephen": "steve",
         "johannes": "hans", "katharina": "kathi", "wolfgang": "wolf", "giuseppe": "beppe", "francesco": "franco",
         "francisco": "paco", "jose": "pepe", "aleksander": "olek", "katarzyna": "kasia", "małgorzata": "gosia",
         "catherine": "cathy", "hendrik": "henk", "guillaume": "guy", "margarethe": "grete"}
OCR = {"0": "o", "1": "l", "5": "s", "m": "rn", "cl": "d", "rn": "m", "e": "c", "h": "b"}
PHONETIC = {"ph": "f", "c": "k", "ee": "ea", "y": "i", "ck": "k", "th": "t", "ou": "u", "ll": "l", "sch": "sh",
            "ei": "ie", "w": "v", "z": "s"}
STREET_ABBR = {"Street": "St", "Road": "Rd", "Avenue": "Ave", "Lane": "Ln", "Drive": "Dr", "Court": "Ct",
               "straße": "str.", "Straße": "Str.", "strasse": "str.", "Rue": "R.", "rue": "r.", "Avenue ": "Av. ",
               "Boulevard": "Bd", "straat": "str", "weg": "wg", "Calle": "C/", "Via": "V.", "Piazza": "P.za",
               "ulica": "ul.", "Ulica": "ul.", "Plaza": "Pl.", "Place": "Pl"}
FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe"})
LEGAL = {"en_US": ("Inc.", "LLC", "Corp.", "Co."), "en_GB": ("Ltd", "PLC", "Limited", "LLP"),
         "de_DE": ("GmbH", "AG", "GmbH & Co. KG", "e.K."), "fr_FR": ("SARL", "SA", "SAS", "S.A.R.L."),
         "nl_NL": ("B.V.", "BV", "N.V."), "es_ES": ("S.L.", "S.A.", "SL"), "it_IT": ("S.r.l.", "S.p.A.", "srl"),
         "pl_PL": ("Sp. z o.o.", "S.A.", "sp. z o.o.")}
TRADES = ("Plumbing", "Dental Care", "Bakery", "Pizzeria", "Consulting", "Logistics", "Auto Repair", "Hair Studio",
          "Software", "Trattoria", "Bistro", "Brewing Company", "Cleaning Services", "Flowers", "Opticians",
          "Print Shop", "Travel Agency", "Pharmacy", "Law Office", "Architects", "Coffee House", "Steakhouse")
ORG_ABBR = {"and": "&", "&": "and", "Company": "Co.", "Brothers": "Bros.", "International": "Intl",
            "Services": "Svcs", "Corporation": "Corp.", "Restaurant": "Rest.", "Saint": "St.", "Consulting": "Cons.",
            "Associates": "Assoc.", "Limited": "Ltd", "Gesellschaft": "Ges.", "Technologies": "Tech"}


def fixed_hash_seed() -> None:
    """Re-run this script with PYTHONHASHSEED=0: some Faker locale data come out in set order, so without it
    the same seed gives other rows in another process."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})


@dataclass
class Dataset:
    """Rows as a file holds them, the true entity of each row, and its source (two-source sets only)."""

    name: str
    kind: str  # "person" or "org"
    rows: list[dict[str, str]]
    labels: list[int]
    sources: list[int] | None = None
    notes: dict[int, str] = field(default_factory=dict)  # entity → how it was built (negatives), for examples


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.random()
    if kind < 0.25:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    if kind < 0.5:
        return s[:i] + s[i + 1 :]
    if kind < 0.75:
        return s[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + s[i + 1 :]
    return s[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + s[i:]


def ocr_or_phonetic(rng: random.Random, s: str) -> str:
    table = OCR if rng.random() < 0.5 else PHONETIC
    options = [k for k in table if k in s.lower()]
    if not options:
        return typo(rng, s)
    k = rng.choice(options)
    i = s.lower().index(k)
    return s[:i] + table[k] + s[i + len(k) :]


def digit_typo(rng: random.Random, s: str) -> str:
    positions = [i for i, c in enumerate(s) if c.isdigit()]
    if len(positions) < 2:
        return s
    i = rng.choice(positions[:-1])
    if rng.random() < 0.5 and s[i + 1].isdigit():
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s[:i] + rng.choice("0123456789".replace(s[i], "")) + s[i + 1 :]


def noise_case_space(rng: random.Random, s: str) -> str:
    roll = rng.random()
    if roll < 0.3:
        return s.upper()
    if roll < 0.6:
        return s.lower()
    if roll < 0.8:
        return f"  {s} " if rng.random() < 0.5 else s.replace(" ", "  ", 1)
    return s.title()


def national_form(phone: str) -> str:
    """+49 151 234 567 → 0151 234 567 (other forms are kept)."""
    code, sep, rest = phone.partition(" ")
    return "0" + rest if phone.startswith("+") and sep else phone


def _slug(text: str) -> str:
    return "".join(c for c in fold_accents(text).lower() if c.isalnum())


class Population:
    """Companies, households and people drawn from several Faker locales (one generator per locale)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fakers = {loc: Faker(loc) for loc in LOCALES}
        self.domains: set[str] = set()
        for i, fake in enumerate(self.fakers.values()):
            fake.seed_instance(seed * 31 + i)

    def locale(self) -> str:
        return self.rng.choices(LOCALES, weights=LOCALE_WEIGHTS)[0]

    def phone(self, loc: str) -> str:
        digits = str(self.rng.randint(10**8, 10**9 - 1))
        return f"+{COUNTRY_CODE[loc]} {digits[:3]} {digits[3:6]} {digits[6:]}"

    def address(self, loc: str) -> dict[str, str]:
        fake = self.fakers[loc]
        state = ""
        for attr in ("state_abbr", "state", "region", "administrative_unit", "county"):
            if hasattr(fake, attr):
                try:
                    state = str(getattr(fake, attr)())
                    break
                except (AttributeError, TypeError):
                    continue
        return {"street": fake.street_address().replace("\n", " "), "city": fake.city(), "postcode": fake.postcode(),
                "state": state}

    def surname(self, loc: str) -> str:
        fake, rng = self.fakers[loc], self.rng
        last = fake.last_name()
        if loc == "es_ES" and rng.random() < 0.6:
            last = f"{last} {fake.last_name()}"  # two apellidos
        elif loc == "de_DE" and rng.random() < 0.1:
            last = f"{last}-{fake.last_name()}"
        elif loc == "fr_FR" and rng.random() < 0.08:
            last = f"{rng.choice(['de ', 'Le ', 'Du '])}{last}"
        return last

    def company(self, loc: str) -> dict[str, str]:
        fake, rng = self.fakers[loc], self.rng
        name = fake.company()
        words = [w for w in name.replace(",", " ").split() if w[:1].isupper() and len(w) > 2] or ["Firm"]
        if rng.random() < 0.4:
            name = f"{words[0]} {rng.choice(TRADES)}"
        domain = _slug(words[0])[:15]
        while domain in self.domains:  # one website per firm (branches of a chain share their parent's)
            domain = f"{_slug(words[0])[:15]}{rng.choice(['', '-'])}{rng.choice([_slug(w) for w in words])[:8]}" \
                f"{rng.randint(1, 999)}"
        self.domains.add(domain)
        return {"company_name": name, "domain": f"{domain}.{TLD[loc]}", "switchboard": self.phone(loc),
                "account_id": f"ACC-{rng.randint(100000, 999999)}", "locale": loc, **self.address(loc)}

    def dob(self) -> str:
        return self.fakers["en_US"].date_of_birth(minimum_age=18, maximum_age=80).strftime("%Y%m%d")


def person_originals(pop: Population, n: int, *, with_id: bool) -> tuple[list[dict[str, str]], dict[int, str]]:
    """`n` distinct people: colleagues at shared companies, households at shared addresses, the rest alone."""
    rng = pop.rng
    companies = [pop.company(pop.locale()) for _ in range(max(5, n // 8))]
    people: list[dict[str, str]] = []
    notes: dict[int, str] = {}
    households: list[dict[str, str]] = []
    while len(people) < n:
        entity = len(people)
        if households and rng.random() < 0.12:
            home = rng.choice(households)  # a household member: same surname, address and landline
            loc, last, address, landline = home["locale"], home["last_name"], home["address"], home["landline"]
            notes[entity] = f"household of {home['first_entity']}"
        else:
            loc = pop.locale()
            last, address, landline = pop.surname(loc), pop.address(loc), pop.phone(loc)
            home = None
        fake = pop.fakers[loc]
        first = fake.first_name()
        if home is not None and fold_accents(first).lower() == fold_accents(home["first_name"]).lower():
            first = fake.first_name()
        rec: dict[str, str] = {"first_name": first, "last_name": last}
        employer = rng.choice(companies) if rng.random() < 0.7 else None
        if employer is not None and rng.random() < 0.5:
            rec.update({k: employer[k] for k in ("street", "city", "postcode", "state")})  # the office address
            notes.setdefault(entity, f"colleague at {employer['company_name']}")
        else:
            rec.update(address)
        if employer is not None:
            rec["company_name"] = employer["company_name"]
            rec["company_phone"] = employer["switchboard"]
            rec["account_id"] = employer["account_id"]
            notes.setdefault(entity, f"colleague at {employer['company_name']}")
        local = f"{_slug(first)}.{_slug(last.split(' ')[-1])}"
        if employer is not None and rng.random() < 0.7:
            rec["email"] = f"{local}@{employer['domain']}" if rng.random() < 0.8 else \
                f"{_slug(first)[:1]}{_slug(last)}@{employer['domain']}"
        elif rng.random() < 0.6:
            rec["email"] = f"{local}{rng.choice(['', str(rng.randint(1, 99))])}@{rng.choice(FREEMAIL[loc])}"
        roll = rng.random()
        if roll < 0.5:
            rec["phone"] = pop.phone(loc)  # mobile
        elif roll < 0.65 and employer is not None:
            rec["phone"] = employer["switchboard"]  # the company's number in the lead's phone column
        elif roll < 0.8:
            rec["phone"] = landline
        if rng.random() < 0.75:
            rec["date_of_birth"] = pop.dob()
        if with_id:
            rec["customer_id"] = f"{rng.randint(1000000, 9999999)}"
        people.append(rec)
        if home is None:
            households.append({"locale": loc, "last_name": last, "address": address, "landline": landline,
                               "first_name": first, "first_entity": str(entity)})
    return people, notes


def swap_particle(rng: random.Random, last: str) -> str:
    words = last.split()
    particles = {"van", "der", "den", "de", "von", "le", "du", "di", "da", "del", "la", "ter", "te"}
    lead = [w for w in words if w.lower() in particles]
    rest = [w for w in words if w.lower() not in particles]
    if not lead or not rest:
        return last
    return rng.choice([" ".join(rest) + ", " + " ".join(lead), " ".join(rest), "".join(words).title(),
                       " ".join(w.lower() if w in lead else w for w in words)])


def corrupt_person(rng: random.Random, rec: dict[str, str]) -> dict[str, str]:
    rec = dict(rec)
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        kind = rng.random()
        names = [f for f in ("first_name", "last_name") if rec.get(f)]
        places = [f for f in ("street", "city", "postcode") if rec.get(f)]
        if kind < 0.16 and names + places:
            f = rng.choice(names + places)
            rec[f] = typo(rng, rec[f])
        elif kind < 0.24 and names + places:
            f = rng.choice(names + places)
            rec[f] = ocr_or_phonetic(rng, rec[f])
        elif kind < 0.32:
            for f in ("first_name", "last_name", "street", "city"):
                if rec.get(f):
                    rec[f] = fold_accents(rec[f])
        elif kind < 0.38 and names:
            f = rng.choice(names)
            rec[f] = noise_case_space(rng, rec[f])
        elif kind < 0.42 and rec.get("first_name") and len(rec["first_name"]) > 4:
            rec["first_name"] = rec["first_name"][: rng.randint(3, 4)]  # truncated
        elif kind < 0.45 and rec.get("last_name") and len(rec["last_name"]) > 6:
            rec["last_name"] = rec["last_name"][: rng.randint(4, 6)]
        elif kind < 0.50:
            rec["first_name"], rec["last_name"] = rec.get("last_name", ""), rec.get("first_name", "")
        elif kind < 0.53 and rec.get("last_name"):
            rec["first_name"] = f"{rec.get('first_name', '')} {rec['last_name']}".strip()  # whole name in one column
            rec["last_name"] = ""
        elif kind < 0.56 and rec.get("city") and rec.get("postcode"):
            rec["city"], rec["postcode"] = rec["postcode"], rec["city"]
        elif kind < 0.66:
            f = rng.choice(("street", "city", "postcode", "email", "phone", "company_name", "date_of_birth",
                            "first_name"))
            rec.pop(f, None)
        elif kind < 0.71 and rec.get("first_name"):
            nick = NICKS.get(fold_accents(rec["first_name"]).lower())
            rec["first_name"] = nick.title() if nick else rec["first_name"][:1] + rng.choice([".", ""])
        elif kind < 0.75 and rec.get("last_name") and (" " in rec["last_name"] or "-" in rec["last_name"]):
            last = rec["last_name"]
            rec["last_name"] = rng.choice([swap_particle(rng, last), last.replace("-", " "), last.split()[0],
                                           last.replace(" ", "-")])
        elif kind < 0.80 and rec.get("email"):
            local, domain = rec["email"].split("@")
            rec["email"] = rng.choice([local.replace(".", "") + "@" + domain, (local + "@" + domain).upper(),
                                       local + "+crm@" + domain, typo(rng, local) + "@" + domain])
        elif kind < 0.85 and rec.get("street"):
            street = rec["street"]
            for full, abbr in STREET_ABBR.items():
                street = street.replace(full, abbr) if full in street else street.replace(abbr, full)
            rec["street"] = street + rng.choice(["", "", " Apt 2", ", 3rd floor"])
        elif kind < 0.90 and rec.get("phone"):
            p = rec["phone"]
            national = national_form(p)
            rec["phone"] = rng.choice([national, national.replace(" ", ""), p.replace(" ", "-"), digit_typo(rng, p)])
        elif kind < 0.93 and rec.get("postcode"):
            rec["postcode"] = digit_typo(rng, rec["postcode"]) if any(c.isdigit() for c in rec["postcode"]) \
                else typo(rng, rec["postcode"])
        elif kind < 0.97 and rec.get("date_of_birth"):
            d = rec["date_of_birth"]
            rec["date_of_birth"] = rng.choice([d[:4] + d[6:] + d[4:6], digit_typo(rng, d)])
        else:
            rec.pop("email", None)
            rec.pop("phone", None)
    if "customer_id" in rec:
        roll = rng.random()
        if roll < 0.12:
            rec["customer_id"] = digit_typo(rng, rec["customer_id"])
        elif roll < 0.25:
            rec.pop("customer_id")
    return {k: v for k, v in rec.items() if v}


def person_set(n: int, seed: int, *, with_id: bool) -> Dataset:
    """One file of people: each original with 0–4 corrupted copies."""
    pop = Population(seed)
    rng = pop.rng
    originals, notes = person_originals(pop, n, with_id=True)
    rows: list[tuple[dict[str, str], int]] = []
    for entity, rec in enumerate(originals):
        rows.append((dict(rec), entity))
        for _ in range(rng.choice((0, 0, 0, 1, 1, 1, 2, 3, 4))):
            rows.append((corrupt_person(rng, rec), entity))
    rng.shuffle(rows)
    if not with_id:
        rows = [({k: v for k, v in r.items() if k != "customer_id"}, e) for r, e in rows]
    return Dataset("person_id" if with_id else "person_noid", "person", [r for r, _ in rows],
                   [e for _, e in rows], notes=notes)


def two_source_set(n: int, seed: int) -> Dataset:
    """Two files of one population: A holds 80 % of the people, B holds 70 % (about half in both), each
    person at most once per file; B's copies are corrupted more often. No id column."""
    pop = Population(seed + 1000)
    rng = pop.rng
    originals, notes = person_originals(pop, n, with_id=False)
    rows, labels, sources = [], [], []
    for entity, rec in enumerate(originals):
        in_a, in_b = rng.random() < 0.8, rng.random() < 0.7
        if not (in_a or in_b):
            in_a = True
        if in_a:
            rows.append(corrupt_person(rng, rec) if rng.random() < 0.3 else dict(rec))
            labels.append(entity)
            sources.append(0)
        if in_b:
            rows.append(corrupt_person(rng, rec) if rng.random() < 0.9 else dict(rec))
            labels.append(entity)
            sources.append(1)
    order = list(range(len(rows)))
    rng.shuffle(order)
    return Dataset("two_source", "person", [rows[i] for i in order], [labels[i] for i in order],
                   sources=[sources[i] for i in order], notes=notes)


def org_originals(pop: Population, n: int) -> tuple[list[dict[str, str]], dict[int, str]]:
    rng = pop.rng
    out: list[dict[str, str]] = []
    notes: dict[int, str] = {}
    chains: list[dict[str, str]] = []
    buildings: list[dict[str, str]] = []
    while len(out) < n:
        entity = len(out)
        loc = pop.locale()
        roll = rng.random()
        if chains and roll < 0.08:
            parent = rng.choice(chains)  # a branch: same name and website, its own address and phone
            loc = parent["locale"]
            rec = {"company_name": parent["company_name"], "domain": parent.get("domain", ""), **pop.address(loc)}
            if rng.random() < 0.5:
                rec["city"] = parent["city"]
            notes[entity] = f"branch of {parent['company_name']}"
        else:
            company = pop.company(loc)
            rec = {k: company[k] for k in ("company_name", "street", "city", "postcode", "state")}
            if rng.random() < 0.6:
                rec["domain"] = company["domain"]
            if buildings and roll < 0.14:
                building = rng.choice(buildings)  # another firm in the same building
                loc = building["locale"]
                rec.update({k: building[k] for k in ("street", "city", "postcode", "state")})
                notes[entity] = f"same building as {building['company_name']}"
            if rng.random() < 0.05:
                chains.append({**rec, "locale": loc})
            if rng.random() < 0.1:
                buildings.append({**rec, "locale": loc})
        rec["phone"] = pop.phone(loc)
        if rng.random() < 0.3:
            host = rec.get("domain") or f"{_slug(rec['company_name'])[:12]}.{TLD[loc]}"
            rec["email"] = f"{rng.choice(['info', 'contact', 'office'])}@{host}"
        rec["_locale"] = loc
        out.append(rec)
    return out, notes


def corrupt_org(rng: random.Random, rec: dict[str, str]) -> dict[str, str]:
    rec = dict(rec)
    loc = rec.get("_locale", "en_US")
    for _ in range(rng.choice((1, 2, 2, 3))):
        kind = rng.random()
        name = rec["company_name"]
        words = name.split()
        if kind < 0.14:
            rec["company_name"] = " ".join(ORG_ABBR.get(w, w) for w in words)
        elif kind < 0.26:
            legal = [w for w in words if any(w in s.split() for s in LEGAL[loc])]
            if legal:
                rec["company_name"] = " ".join(w for w in words if w not in legal).rstrip(",")
            else:
                rec["company_name"] = f"{name} {rng.choice(LEGAL[loc])}"
        elif kind < 0.34 and len(words) > 2:
            words.pop(rng.randrange(1, len(words)))
            rec["company_name"] = " ".join(words)
        elif kind < 0.46:
            rec["company_name"] = typo(rng, name)
        elif kind < 0.52:
            rec["company_name"] = noise_case_space(rng, fold_accents(name) if rng.random() < 0.5 else name)
        elif kind < 0.56:
            rec["company_name"] = ("The " + name) if not name.startswith("The ") else name[4:]
        elif kind < 0.66 and rec.get("street"):
            street = rec["street"]
            for full, abbr in STREET_ABBR.items():
                street = street.replace(full, abbr) if full in street else street.replace(abbr, full)
            rec["street"] = street + rng.choice(["", "", " Suite 100", ", 2nd Floor", " Unit 4"])
        elif kind < 0.71 and rec.get("street"):
            rec["street"] = typo(rng, rec["street"]) if rng.random() < 0.5 else digit_typo(rng, rec["street"])
        elif kind < 0.80 and rec.get("phone"):
            p = rec["phone"]
            national = national_form(p)
            rec["phone"] = rng.choice([national, p.replace(" ", "-"), "(" + national.replace(" ", ") ", 1),
                                       national.replace(" ", "/", 1)])
        elif kind < 0.85 and rec.get("phone"):
            rec["phone"] = rec["phone"][:-4] + str(rng.randint(1000, 9999))  # another line of the firm
        elif kind < 0.88 and rec.get("domain"):
            rec["domain"] = rng.choice(["www.", "http://www.", "https://"]) + rec["domain"] + rng.choice(["", "/"])
        elif kind < 0.96:
            rec.pop(rng.choice(["street", "phone", "domain", "city", "postcode", "email"]), None)
        elif rec.get("city"):
            rec["city"] = fold_accents(rec["city"]).upper()
    return {k: v for k, v in rec.items() if v}


def business_set(n: int, seed: int) -> Dataset:
    """A directory of businesses: each with 0–3 noisy copies; branches and building-mates are distinct."""
    pop = Population(seed + 2000)
    rng = pop.rng
    originals, notes = org_originals(pop, n)
    rows: list[tuple[dict[str, str], int]] = []
    for entity, rec in enumerate(originals):
        rows.append((dict(rec), entity))
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
            rows.append((corrupt_org(rng, rec), entity))
    rng.shuffle(rows)
    clean = [{k: v for k, v in r.items() if not k.startswith("_")} for r, _ in rows]
    return Dataset("business", "org", clean, [e for _, e in rows], notes=notes)


def build(name: str, n: int, seed: int) -> Dataset:
    if name == "person_id":
        return person_set(n, seed, with_id=True)
    if name == "person_noid":
        return person_set(n, seed, with_id=False)
    if name == "two_source":
        return two_source_set(n, seed)
    if name == "business":
        return business_set(n, seed)
    raise ValueError(f"unknown data set {name}")


SETS = ("person_id", "person_noid", "two_source", "business")
