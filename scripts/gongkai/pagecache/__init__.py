"""Reuse of per-page build work between builds.

A page's Markdown conversion, its finished HTML and its search text are
functions of the page's own inputs and of the build's environment (code,
theme, configuration, navigation). They are stored under a hash of exactly
those inputs, so a build that finds an entry produces the bytes a cold build
would. `serve` keeps the store in memory for the life of the process; a CI
build names a folder (GONGKAI_CACHE or `gongkai build --cache`) that it keeps
between runs.
"""
