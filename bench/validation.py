"""Validation benchmark: emails and phones validated per second on one core, DNS answers cached.

    .venv/bin/python bench/validation.py            # 100,000 emails and 100,000 phones
    .venv/bin/python bench/validation.py 20000

Every address and number is distinct (no per-value memo helps), spread over 5,000 company domains plus
the big free-mail providers, with phones in national, international, 00-prefixed, dotted and
extension forms across 12 regions. The DNS answers of every domain sit in the per-file cache, as they
do after the first chunk of a file; the run goes through `ContactValidator.validate` in chunks of
2,000 like the validate phase. A last run measures the whole phase workload with DNS off.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadsite.settings.test")

import django  # noqa: E402

django.setup()

import phonenumbers  # noqa: E402
from phonenumbers import PhoneNumberFormat, PhoneNumberType  # noqa: E402

from pipeline.validation.contacts import ContactInput, ContactValidator  # noqa: E402
from pipeline.validation.dns_checks import DnsChecker, DnsOutcome, DomainCheck, ResolverConfig  # noqa: E402
from pipeline.validation.email_syntax import _domain_name_checked, email_syntax_check  # noqa: E402
from pipeline.validation.phones import phone_check  # noqa: E402

CHUNK = 2000
REGIONS = ["US", "GB", "DE", "FR", "CA", "AU", "NL", "ES", "IT", "IN", "BR", "JP"]
FREE = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "gmx.de"]


def make_emails(n: int, rng: random.Random) -> list[str]:
    domains = [f"company{i}.{rng.choice(['com', 'io', 'de', 'co.uk', 'fr'])}" for i in range(5000)]
    emails = []
    for i in range(n):
        domain = rng.choice(FREE) if rng.random() < 0.2 else rng.choice(domains)
        local = rng.choice(["{f}.{l}", "{f}{l}", "{f}_{l}", "{l}", "info.{l}", "{f}.{l}+news"])
        emails.append(local.format(f=f"first{i % 997}", l=f"last{i}") + "@" + domain)
    return emails


def make_phones(n: int, rng: random.Random) -> list[tuple[str, str]]:
    bases = []
    for region in REGIONS:
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                bases.append((region, example))
    phones = []
    for i in range(n):
        region, example = bases[i % len(bases)]
        digits = str(example.national_number)
        tail = f"{(i // len(bases)) % 100_000:05d}"  # distinct for up to 2.4 million numbers
        number = phonenumbers.parse(f"+{example.country_code}{digits[:-5]}{tail}", None)
        style = i % 5
        if style == 0:
            raw = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        elif style == 1:
            raw = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        elif style == 2:
            raw = f"00{number.country_code} {phonenumbers.national_significant_number(number)}"
        elif style == 3:
            raw = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL).replace(" ", ".") + " ext. 12"
        else:
            raw = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        phones.append((raw, region if style in (0, 3) else ""))
    return phones


def timed(validator: ContactValidator, contacts: list[ContactInput]) -> tuple[float, float]:
    """(CPU seconds, wall seconds): CPU time is what one core spends, whatever else the machine runs."""
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(contacts), CHUNK):
        validator.validate(contacts[start : start + CHUNK])
    return time.process_time() - cpu, time.perf_counter() - wall


def report(label: str, n: int, seconds: tuple[float, float], extra: str = "") -> None:
    cpu, wall = seconds
    print(f"{label:<30} {n / cpu:>8,.0f}/s CPU  {n / wall:>8,.0f}/s wall  ({n:,} in {cpu:.2f}s CPU) {extra}")


def cold_caches() -> None:
    phone_check.cache_clear()
    email_syntax_check.cache_clear()
    _domain_name_checked.cache_clear()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(7)
    emails = make_emails(n, rng)
    phones = make_phones(n, rng)
    domains = {e.rpartition("@")[2] for e in emails}

    dns = DnsChecker(ResolverConfig(nameservers=("127.0.0.1:1",), canaries=("canary.invalid",)))
    file_cache = {("dns", d): DomainCheck(DnsOutcome.MX, (f"mx.{d}",)) for d in domains}
    email_contacts = [ContactInput(email=e) for e in emails]
    phone_contacts = [ContactInput(phone=p, country=c) for p, c in phones]

    both = [ContactInput(email=e, phone=p, country=c) for e, (p, c) in zip(emails, phones, strict=True)]
    # The inputs (600k objects) are the benchmark's, not the phase's: keep them out of the GC's full scans.
    gc.collect()
    gc.freeze()

    cold_caches()
    validator = ContactValidator(default_country="US", dns=dns, cache=file_cache)
    seconds = timed(validator, email_contacts)
    statuses = {k: v for k, v in validator.counters.items() if k.startswith("email_")}
    report("emails (DNS answers cached)", n, seconds, str(statuses))
    assert validator.counters["dns_lookups"] == 0, "the benchmark must not query DNS"

    cold_caches()
    validator = ContactValidator(default_country="US")
    seconds = timed(validator, phone_contacts)
    statuses = {k: v for k, v in validator.counters.items() if k.startswith("phone_")}
    report("phones", n, seconds, str(statuses))

    cold_caches()
    report("validate phase work, DNS off", n, timed(ContactValidator(default_country="US"), both), "(email + phone)")
    print(f"distinct: {len(set(emails)):,} emails, {len(set(phones)):,} phones")


if __name__ == "__main__":
    main()
