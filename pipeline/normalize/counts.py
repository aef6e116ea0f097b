"""Employee counts as people write them: "51-200", "1,000+", "5k", "10.001 - 50.000", "about 300"."""

from __future__ import annotations

import re
from functools import lru_cache

from .text import SMALL_CACHE_SIZE, clean_text

_NUMBER = re.compile(r"(\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?)\s*(k|m|mm|thousand|million)?(?![a-z])", re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000, "million": 1_000_000}
_SELF = ("self-employed", "self employed", "sole proprietor", "freelance", "just me", "myself only")
MAX_EMPLOYEES = 5_000_000  # larger than any employer; above this the value is an error, not a count


def _number(digits: str, unit: str | None) -> float:
    text = digits.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)  # thousands separators: "1,000" / "10.000"
    else:
        text = text.replace(",", ".")
    value = float(text)
    return value * _MULTIPLIER.get((unit or "").lower(), 1)


@lru_cache(maxsize=SMALL_CACHE_SIZE)
def employee_count(value: str) -> int | None:
    """A single head count: a range gives its midpoint, "N+" gives N, "<N" half of N; None when unreadable."""
    text = clean_text(value).lower()
    if not text:
        return None
    if any(word in text for word in _SELF):
        return 1
    numbers = [_number(d, u) for d, u in _NUMBER.findall(text)]
    if not numbers:
        return None
    if len(numbers) >= 2 and re.search(r"\d\s*[kKmM]?\s*(-|–|—|to|bis|a)\s*\d", text):
        result = (numbers[0] + numbers[1]) / 2
    elif text.lstrip().startswith(("<", "under", "less than", "fewer than", "up to")):
        result = max(1.0, numbers[0] / 2)
    else:
        result = numbers[0]
    count = int(result)
    return count if 0 < count <= MAX_EMPLOYEES else None
