"""现行文本: an amended document's text with the clause changes its amending documents
state (修改条款) applied, each changed clause marked and linked to the document that
changed it, the clause as it was kept beside it. Where an amending document states no
clauses, the page says so instead of guessing. Clauses are never renumbered: the text
keeps the numbers the documents themselves use, as an amending decision cites them.
"""
from __future__ import annotations

import re
from typing import Optional

from ..clauses import AmendedPart, amend
from ..model.document import ClauseAction, ClauseChange, Validity
from ..records import Record
from .markdown import body, inline
from .parts import Context, cited_document, date_text, record_link

_HEADING_LINE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _in_effect(amender: Record, ctx: Context) -> bool:
    """An amendment is part of the text from the day it takes effect, even once the amending
    decision itself has lapsed: its changes live on in the text it changed."""
    return ctx.view.validity[amender.id][0] is not Validity.NOT_YET


def _changes(record: Record, ctx: Context) -> list[tuple[Record, ClauseChange]]:
    """The clause changes that have taken effect, in the order they did."""
    view = ctx.view
    amenders = [a for a in view.amended_by[record.id] if _in_effect(a, ctx)]
    amenders.sort(key=lambda a: (a.model.effective or view.published(a), a.id))
    return [(a, change) for a in amenders for change in a.model.relations.clause_changes
            if change.document == record.id]


def _flat(markdown: str) -> str:
    """Headings of the text as it was become bold lines: the page's headings stay unique."""
    return _HEADING_LINE.sub(lambda m: f"**{m.group(1)}**", markdown)


_VERBS = {ClauseAction.CHANGE: "修改", ClauseAction.DELETE: "删去", ClauseAction.ADD: "增加"}


def _note(here: str, piece: AmendedPart, ctx: Context) -> str:
    """本条第二项、第四项根据 X 修改，自 … 起施行。 — one sentence per amending document and kind of change."""
    sentences = []
    amenders = {by.id: by for by, _ in piece.changes}  # in order of first change
    for by in amenders.values():
        cited = record_link(here, by, inline(by.model.doc_number))
        when = date_text(by.model.effective or ctx.view.publication_date(by))
        clauses = []
        for action in ClauseAction:
            touched = [change for b, change in piece.changes if b is by and change.action is action]
            if touched:
                where = "" if piece.added else "、".join(p for p in (_part(c) for c in touched) if p)
                after = f"（接在{inline(touched[0].clause)}之后）" if piece.added else ""
                clauses.append(f"本条{where}根据{cited}{_VERBS[action]}{after}")
        sentences.append("；".join(clauses) + (f"，自 {when} 起施行" if when else "") + "。")
    return "".join(sentences)


def _part(change: ClauseChange) -> str:
    """What of the clause a change touched: 第二项 / 第一款 (nothing for the whole clause)."""
    return inline(change.clause.split("条", 1)[1].strip()) if "条" in change.clause else ""


def _marked(here: str, piece: AmendedPart, ctx: Context, levels: int) -> str:
    parts = ['<div class="gk-amended" markdown="1">', "", body(piece.segment.text.strip("\n"), levels), "",
             f'<p class="gk-amend-note" markdown="span">{_note(here, piece, ctx)}</p>']
    if piece.was is not None:
        parts += ['<details class="gk-was" markdown="1">', "<summary>修改前的条文</summary>", "", _flat(body(piece.was.strip("\n"), levels)), "", "</details>"]
    parts.append("</div>")
    return "\n".join(parts)


def current_text(here: str, record: Record, ctx: Context, levels: int = 1) -> Optional[str]:
    """The 正文 section of an amended document: the text as amended, or a note that the
    amending documents do not state their changes clause by clause. None when nothing amends it."""
    amenders = ctx.view.amended_by[record.id]
    text = record.model.text
    if not amenders or text is None:
        return None
    def cite(documents: list[Record]) -> str:
        return "、".join(record_link(here, a, cited_document(a)) for a in documents)

    changes = _changes(record, ctx)
    stated = {by.id for by, _ in changes}
    applied = [a for a in amenders if _in_effect(a, ctx)]
    # A revision issued again under the same title is the whole current text itself.
    revisions = [a for a in applied if a.model.title == record.model.title and a.id not in stated]
    unstated = [a for a in applied if a.id not in stated and a not in revisions]
    pending = [a for a in amenders if not _in_effect(a, ctx)]
    notes = []
    if revisions:
        notes.append(f"修订后的全文见{cite(revisions)}。")
    if unstated:
        notes.append(f"{cite(unstated)}未逐条列明修改的条文，" + ("本站没有整理现行文本，请结合修改文件阅读。" if not changes
                                                                  else "其修改未反映在下文中，请结合阅读。"))
    if pending:
        notes.append(f"{cite(pending)}尚未施行，其修改未反映在下文中。")
    if not changes:
        done = "本文件已经修改。" if applied else ""  # else only amendments still to take effect
        return "## 正文\n\n" + done + "".join(notes) + "以下是原发布文本。\n\n" + body(text, levels)
    intro = (f"本文件经{cite([a for a in amenders if a.id in stated])}修改。"
             "以下是按修改文件逐条整理的现行文本，修改之处已标出并注明依据；条的序号照原文件，未重新编排。"
             "本站整理，仅供参考，以正式发布的文件为准。" + "".join(notes))
    pieces = [_marked(here, p, ctx, levels) if p.changes else body(p.segment.text.strip("\n"), levels)
              for p in amend(text, changes)]
    original = (f'<details class="gk-original" markdown="1">\n<summary>原发布文本（{inline(record.model.doc_number)}）</summary>\n\n'
                f"{_flat(body(text, levels))}\n\n</details>")
    return "## 正文（现行文本）\n\n" + intro + "\n\n" + "\n\n".join(pieces) + "\n\n" + original
