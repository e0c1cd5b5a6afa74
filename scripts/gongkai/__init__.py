"""gongkai: turns structured disclosure catalogs into a static 政务公开 site.

Stages, one module each: load (files -> raw records with source positions),
validate (raw -> typed models + problems), crosscheck (whole-catalog rules),
render (models -> Markdown pages), publish (pages -> files for MkDocs or a folder).
"""
