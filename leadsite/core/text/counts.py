"""Employee counts. Two readers, for two kinds of input (both results are stored, so neither may change):
- `employee_count`: as people write it in an uploaded file: "51-200", "1,000+", "5k", "10.001 - 50.000", "about 300";
- `employee_count_structured`: as providers and datasets give it: a number, "N-M" or "N+".
"""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import SMALL_CACHE_SIZE, clean_text

_NUMBER = re.compile(r"(\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?)\s*(k|m|mm|thousand|million)?(?![a-z])", re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000, "million": 1_000_000}
_SIZE_RANGE = re.compile(r"^\s*(\d[\d,]*)\s*(?:-|–|to)\s*(\d[\d,]*)\s*$")
_SIZE_PLUS = re.compile(r"^\s*(\d[\d,]*)\s*\+\s*$")
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


def employee_count_structured(size: object) -> int | None:
    """A size as providers and datasets give it: 250 → 250; "51-200" → 125 (middle of the range);
    "10000+" → 10000; anything else → None (no guessing from free text: that is `employee_count`)."""
    if size is None or size == "":
        return None
    if isinstance(size, int | float):
        return int(size) if size >= 0 else None
    text = str(size).strip()
    if text.replace(",", "").isdigit():
        return int(text.replace(",", ""))
    if m := _SIZE_RANGE.match(text):
        low, high = (int(g.replace(",", "")) for g in m.groups())
        return (low + high) // 2
    if m := _SIZE_PLUS.match(text):
        return int(m.group(1).replace(",", ""))
    return None
