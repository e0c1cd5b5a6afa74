"""Stage 4, compliance: the catalog checked against the statutes: rules with ids, legal
sources and severities; local numbers in catalog/compliance.yaml."""
