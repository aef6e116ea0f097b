"""Gap-free yearly document numbers (INV-YYYY-NNN invoices, CN-YYYY-NNN credit notes)."""

from django.db import models


def document_number_next(*, counter_model: type[models.Model], prefix: str, year: int) -> str:
    """Take the next number of `year` from a per-year counter row. Call inside the transaction that saves the
    document: a rollback gives the number back (no gaps) and the row lock means no duplicates."""
    counter_model.objects.get_or_create(year=year)
    counter = counter_model.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:03d}"
