"""Models of the enrichment app."""
