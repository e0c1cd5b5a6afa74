"""Static Chinese full-text search: an overlapping-bigram index built from the
HTML pages the public actually sees, sharded so a browser fetches only the
postings of the terms it looks up. The browser client is
docs/assets/search/search.js; both sides normalise text with the same rules
(see normalize.py and the test that runs both on the same strings)."""
