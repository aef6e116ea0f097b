"""Text values every app reads the same way: folding (folding.py), company keys (companies.py), free-mail
domains (mail_domains.py) and employee counts (counts.py). Pure functions, no database."""
