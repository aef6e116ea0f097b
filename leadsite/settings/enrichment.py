"""Enrichment provider, cache and predictive settings (see docs/enrichment.md)."""

from .environment import env

# Waterfall: providers tried in this order; an organisation may override it (EnrichmentProfile).
ENRICHMENT_PROVIDERS = {
    "company_dataset": "enrichment.providers.dataset.provider.CompanyDatasetProvider",
    "dns": "enrichment.providers.dns.provider.DnsTechnologyProvider",
    "apollo": "enrichment.providers.apollo.provider.ApolloProvider",
    "clearbit": "enrichment.providers.clearbit.provider.ClearbitProvider",
    "hunter": "enrichment.providers.hunter.provider.HunterProvider",
    "snov": "enrichment.providers.snov.provider.SnovProvider",
}
ENRICHMENT_WATERFALL = env.list(
    "ENRICHMENT_WATERFALL", default=["company_dataset", "dns", "apollo", "clearbit", "hunter", "snov"]
)
ENRICHMENT_DEMO_DATASET = env.bool("ENRICHMENT_DEMO_DATASET", default=True)

# Remote vendors: a provider without a key is skipped.
APOLLO_API_KEY = env.str("APOLLO_API_KEY", default="")
APOLLO_BASE_URL = env.str("APOLLO_BASE_URL", default="https://api.apollo.io/api/v1")
APOLLO_COST_PER_CALL = env.float("APOLLO_COST_PER_CALL", default=0.03)
APOLLO_RATE_PER_SECOND = env.float("APOLLO_RATE_PER_SECOND", default=5.0)

CLEARBIT_API_KEY = env.str("CLEARBIT_API_KEY", default="")
CLEARBIT_COMPANY_URL = env.str("CLEARBIT_COMPANY_URL", default="https://company.clearbit.com")
CLEARBIT_PERSON_URL = env.str("CLEARBIT_PERSON_URL", default="https://person.clearbit.com")
CLEARBIT_COST_PER_CALL = env.float("CLEARBIT_COST_PER_CALL", default=0.10)
CLEARBIT_RATE_PER_SECOND = env.float("CLEARBIT_RATE_PER_SECOND", default=10.0)

HUNTER_API_KEY = env.str("HUNTER_API_KEY", default="")
HUNTER_BASE_URL = env.str("HUNTER_BASE_URL", default="https://api.hunter.io/v2")
HUNTER_COST_PER_CALL = env.float("HUNTER_COST_PER_CALL", default=0.05)
HUNTER_RATE_PER_SECOND = env.float("HUNTER_RATE_PER_SECOND", default=10.0)

SNOV_CLIENT_ID = env.str("SNOV_CLIENT_ID", default="")
SNOV_CLIENT_SECRET = env.str("SNOV_CLIENT_SECRET", default="")
SNOV_BASE_URL = env.str("SNOV_BASE_URL", default="https://api.snov.io")
SNOV_COST_PER_CALL = env.float("SNOV_COST_PER_CALL", default=0.04)
SNOV_RATE_PER_SECOND = env.float("SNOV_RATE_PER_SECOND", default=1.0)

ENRICHMENT_HTTP_TIMEOUT = env.float("ENRICHMENT_HTTP_TIMEOUT", default=8.0)
ENRICHMENT_HTTP_RETRIES = env.int("ENRICHMENT_HTTP_RETRIES", default=3)
ENRICHMENT_HTTP_BACKOFF = env.float("ENRICHMENT_HTTP_BACKOFF", default=0.5)

# DNS technology detection: "auto" = on only when ENRICHMENT_DNS_NAMESERVERS is set; "on" uses the
# system resolver after a canary check (a resolver that cannot see ENRICHMENT_DNS_CANARY is not trusted).
ENRICHMENT_DNS_TECH = env.str("ENRICHMENT_DNS_TECH", default="auto")
ENRICHMENT_DNS_NAMESERVERS = env.list("ENRICHMENT_DNS_NAMESERVERS", default=[])
ENRICHMENT_DNS_CANARY = env.str("ENRICHMENT_DNS_CANARY", default="gmail.com")
ENRICHMENT_DNS_TIMEOUT = env.float("ENRICHMENT_DNS_TIMEOUT", default=2.0)

# Cache: L1 per process, L2 Django cache (Redis or the database cache).
ENRICHMENT_CACHE_ALIAS = env.str("ENRICHMENT_CACHE_ALIAS", default="default")
ENRICHMENT_L1_MAX_ITEMS = env.int("ENRICHMENT_L1_MAX_ITEMS", default=50_000)
ENRICHMENT_L1_TTL = env.int("ENRICHMENT_L1_TTL", default=3600)
ENRICHMENT_L2_TTL = env.int("ENRICHMENT_L2_TTL", default=7 * 24 * 3600)
ENRICHMENT_NEGATIVE_TTL = env.int("ENRICHMENT_NEGATIVE_TTL", default=24 * 3600)
ENRICHMENT_SIMILARITY_THRESHOLD = env.float("ENRICHMENT_SIMILARITY_THRESHOLD", default=0.85)
ENRICHMENT_SIMILARITY_INDEX_MAX = env.int("ENRICHMENT_SIMILARITY_INDEX_MAX", default=20_000)
# With a paid provider, a process that finds a key claimed by another waits this long for its entry in L2
# before calling the providers itself (enrichment/services/claims.py).
ENRICHMENT_CLAIM_WAIT_SECONDS = env.float("ENRICHMENT_CLAIM_WAIT_SECONDS", default=10.0)

# Predictive pre-enrichment.
ENRICHMENT_PREDICTIVE = env.bool("ENRICHMENT_PREDICTIVE", default=True)
ENRICHMENT_PREDICTIVE_COMPANY_MIN_LEADS = env.int("ENRICHMENT_PREDICTIVE_COMPANY_MIN_LEADS", default=5)
ENRICHMENT_PREDICTIVE_SEQUENCE_JACCARD = env.float("ENRICHMENT_PREDICTIVE_SEQUENCE_JACCARD", default=0.3)
ENRICHMENT_PREDICTIVE_DOMAIN_MIN_EMAILS = env.int("ENRICHMENT_PREDICTIVE_DOMAIN_MIN_EMAILS", default=3)
ENRICHMENT_PREDICTIVE_MAX_ITEMS = env.int("ENRICHMENT_PREDICTIVE_MAX_ITEMS", default=2000)
