"""Write N realistic B2B leads as CSV, streaming, with ~8% near-duplicates and ~2% bad rows.

Used by tests (dedup windows, parallel ingest) and bench/pipeline.py; deterministic for a given seed.
Command line: `python -m pipeline.tests.lead_files OUT.csv N`.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

FIRST = [
    "Sarah",
    "John",
    "Maria",
    "David",
    "Wei",
    "Aisha",
    "Carlos",
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Sofia",
    "Lukas",
    "Hannah",
    "Mateo",
    "Yuki",
    "Priya",
    "Ahmed",
    "Chloe",
    "Jakub",
    "Elena",
    "Robert",
    "William",
    "Katherine",
    "Michael",
    "Jennifer",
    "Thomas",
    "Anna",
    "James",
    "Fatima",
    "Oliver",
    "Isabella",
    "Ethan",
    "Zoe",
    "Daniel",
]
LAST = [
    "Miller",
    "Smith",
    "Garcia",
    "Chen",
    "Khan",
    "Müller",
    "Dupont",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Johnson",
    "Brown",
    "Williams",
    "Jones",
    "Davis",
    "Martinez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "O'Brien",
    "van der Berg",
    "Schmidt",
    "Tanaka",
    "Patel",
    "Singh",
    "Kim",
    "Novak",
    "Silva",
    "Costa",
    "Berg",
]
TITLES = [
    "VP Sales",
    "Vice President, Sales",
    "Head of Marketing",
    "CTO",
    "Software Engineer",
    "Sr. Software Eng.",
    "Director of Operations",
    "Account Executive",
    "CEO & Founder",
    "Marketing Manager",
    "HR Business Partner",
    "CFO",
    "Product Manager",
    "Sales Development Rep",
    "IT Manager",
    "Chief Revenue Officer",
    "Intern",
]
WORDS = [
    "Tech",
    "Flow",
    "Data",
    "Cloud",
    "Nova",
    "Blue",
    "Peak",
    "Quantum",
    "Green",
    "Bright",
    "Core",
    "Apex",
    "Vertex",
    "Lumen",
    "Orbit",
    "Pixel",
    "Signal",
    "Harbor",
    "Summit",
    "Atlas",
    "Cobalt",
    "Ember",
    "Falcon",
]
SUFFIXES = ["Inc", "LLC", "Ltd", "GmbH", "Systems", "Labs", "Group", "Corp", "S.A.", "B.V."]
COUNTRIES = [
    ("US", "+1", "United States"),
    ("GB", "+44", "UK"),
    ("DE", "+49", "Germany"),
    ("FR", "+33", "France"),
    ("CA", "+1", "Canada"),
    ("AU", "+61", "Australia"),
    ("NL", "+31", "Netherlands"),
    ("ES", "+34", "Spain"),
]
HEADER = [
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Job Title",
    "Company",
    "Website",
    "Country",
    "LinkedIn",
    "Notes",
]


def _company(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(WORDS, 2)
    return f"{a}{b} {rng.choice(SUFFIXES)}", f"{a}{b}".lower() + rng.choice([".com", ".io", ".co", ".net"])


def _phone(rng: random.Random, prefix: str) -> str:
    if prefix == "+1":
        return f"+1 {rng.choice([415, 212, 646, 303, 617])} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
    if prefix == "+44":
        return f"+44 20 {rng.randint(7000, 8999)} {rng.randint(1000, 9999)}"
    if prefix == "+49":
        return f"+49 30 {rng.randint(1000000, 9999999)}"
    if prefix == "+33":
        return f"+33 1 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"{prefix} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def row_corrupt(row: list[str], rng: random.Random) -> list[str]:
    """The row as a careless re-typing would give it: case, a swapped letter, phone format, another title."""
    row = list(row)
    choice = rng.random()
    if choice < 0.3:
        row[0], row[1] = row[0].upper(), row[1].lower()
    elif choice < 0.5:
        name = row[1]
        if len(name) > 3:
            i = rng.randrange(1, len(name) - 1)
            row[1] = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    elif choice < 0.7:
        row[3] = row[3].replace(" ", "-").replace("+1-", "(").replace("(", "(", 1)
    else:
        row[4] = rng.choice(TITLES)
    return row


def write_leads(path: Path, n: int, *, seed: int = 7, dup_rate: float = 0.08, bad_rate: float = 0.02) -> None:
    rng = random.Random(seed)
    recent: list[list[str]] = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(n):
            roll = rng.random()
            if roll < bad_rate:
                writer.writerow(["", "", f"broken-{i}", "", "", "", "", "", "", "", "extra", "fields"])
                continue
            if roll < bad_rate + dup_rate and recent:
                writer.writerow(row_corrupt(rng.choice(recent), rng))
                continue
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company, domain = _company(rng)
            code, prefix, country = rng.choice(COUNTRIES)
            local = f"{first}.{last}".lower().replace("'", "").replace(" ", "") + (str(i) if rng.random() < 0.5 else "")
            row = [
                first,
                last,
                f"{local}@{domain}",
                _phone(rng, prefix),
                rng.choice(TITLES),
                company,
                f"https://www.{domain}",
                rng.choice([code, country]),
                f"https://linkedin.com/in/{local.replace('.', '-')}",
                rng.choice(["", "met at expo", "inbound"]),
            ]
            writer.writerow(row)
            recent.append(row)
            if len(recent) > 500:
                recent.pop(0)


if __name__ == "__main__":
    write_leads(Path(sys.argv[1]), int(sys.argv[2]))
