"""Stage 3, render: a SiteView -> Markdown pages (path -> text), no I/O."""
from __future__ import annotations

from dataclasses import dataclass

from ..load import FileInfo
from ..view import SiteView
from .decisions import decision_pages
from .documents import document_listings, document_page
from .hearings import hearing_pages
from .compliance_page import PAGE as COMPLIANCE_PAGE, StaffReport, compliance_page
from .fields import PAGE as FIELDS_PAGE, fields_page
from .home import about_page, home_page
from .interpretations import interpretation_pages
from .parts import Context, record_page
from .reports import report_pages
from ..search.site import PAGES_FILE
from .search_page import PAGE as SEARCH_PAGE, page_infos, search_page
from ..kinds import DOCUMENT


@dataclass
class RenderedSite:
    pages: dict[str, str]  # docs-tree path -> Markdown
    copies: dict[str, str]  # docs-tree path -> path under catalog/ (attachments, sources)


def render_site(view: SiteView, files: dict[str, FileInfo], report: StaffReport | None = None) -> RenderedSite:
    """`report`: findings and deadlines for the staff report page (only those of public records are shown)."""
    ctx = Context(view=view, files=files)
    pages = {"index.md": home_page(ctx), "about.md": about_page(ctx), FIELDS_PAGE: fields_page()}
    pages.update(decision_pages(ctx))
    pages.update(hearing_pages(ctx))
    pages.update(document_listings(ctx))
    for record in view.of(DOCUMENT):
        pages[record_page(record)] = document_page(record, ctx)
    pages.update(interpretation_pages(ctx))
    pages.update(report_pages(ctx))
    pages[SEARCH_PAGE] = search_page()
    pages[PAGES_FILE] = page_infos(view)
    pages[COMPLIANCE_PAGE] = compliance_page(view, report or StaffReport())
    return RenderedSite(pages=pages, copies=dict(ctx.copies))
