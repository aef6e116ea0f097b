"""Customer-facing names of the enrichment providers (pipeline.labels reuses them for lead pages)."""

PROVIDER_LABELS = {"company_dataset": "Company dataset", "apollo": "Apollo", "clearbit": "Clearbit",
                   "hunter": "Hunter", "snov": "Snov.io", "dns": "Website DNS"}


def provider_label(name: str) -> str:
    return PROVIDER_LABELS.get(name) or name.replace("_", " ").strip().capitalize()
