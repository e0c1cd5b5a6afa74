"""The catalog checks itself against the statutes: rules with ids, legal
sources and severities; local numbers in catalog/compliance.yaml."""
