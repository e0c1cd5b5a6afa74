"""Check every Markdown text the site renders (正文, 政策解读 内容, the annual
report's sections) the way bodytext.scan makes it inert:

- a warning at the line for each construct shown as typed text instead of
  markup (raw HTML, forbidden links, foreign images, attribute lists,
  reference definitions, links to pages of the site);
- an error for limits no real document reaches (nesting, crowded headings, dense
  paragraphs, amount of markup), so the renderer never meets them;
- an error for a link or image to a file that is not one of the record's own
  attachments: MkDocs' strict build would fail on it, since only attachments
  of released records are published.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterable

from .bodytext import MAX_MARKUP, MAX_NESTING, MAX_SPLITS_PER_BLOCK, scan
from .kinds import ANNUAL, DOCUMENT, FILES_FOLDER, REPORT
from .model.annual import AnnualDisclosureReport
from .model.document import NormativeDocument
from .model.introspect import alias_path
from .problems import Problem, Severity
from .records import Catalog, Record

_HINT = {
    "html": "正文请用 Markdown 排版；网站不执行 HTML，会把它按原样显示为文字",
    "link": "链接只能写成 [文字](https://…)、[文字](mailto:…) 或指向本记录附件的 [文字](../files/…)，地址写在同一行、不用字符引用（&…;）；该链接在网站上按原样显示为文字",
    "image": "图片请作为附件放入 catalog/files/ 并列入「附件」，再用 ![说明](../files/…) 引用；外部网站的图片不会显示（本站不向其他网站发出请求）",
    "page-link": "正文中只能链接完整网址（https://…）或本记录的附件（../files/…）；相关文件请用「关系」等字段关联；该链接在网站上按原样显示为文字",
    "attribute": "网站不支持 {: …}、{#…}、{.…} 这类属性标记，会按原样显示为文字；请删除",
    "reference": "请把链接直接写成 [文字](https://…)；参考式链接定义在网站上按原样显示为文字",
    "nesting": f"列表、引用（>）和提示框（!!!）最多嵌套 {MAX_NESTING} 层；请减少该行开头的缩进或 >、-、1. 等符号",
    "crowded": "请在标题、分隔线前后各空一行",
    "dense": "请在段落之间空一行，把长段分开，或删去多余的排版符号；否则网站生成会非常慢",
    "markup": "请删去多余的排版符号，或把大表格、长清单作为附件（如 Excel）上传",
    "more": "请逐一修改；修改后再次检查会列出其余各处",
    "attachment": "正文只能链接本记录「附件」中列出的文件：请先把该文件加入「附件」，或删除该链接",
}


_MESSAGE = {
    "html": "{where}含有 HTML「{text}」",
    "image": "{where}引用了外部网站的图片「{text}」",
    "page-link": "{where}的站内链接「{text}」不会生效",
    "attribute": "{where}含有属性标记「{text}」",
    "reference": "{where}含有参考式链接定义「{text}」",
    "nesting": f"{{where}}嵌套层数过多（{{text}} 层，上限 {MAX_NESTING} 层）",
    "crowded": f"{{where}}连续超过 {MAX_SPLITS_PER_BLOCK} 个标题或分隔线之间没有空行",
    "dense": "{where}有一段（到下一个空行为止）共 {length} 字，含 {marks} 个排版符号和换行，过长过密",
    "markup": f"{{where}}的排版符号和行数过多（上限 {MAX_MARKUP:,} 个）",
    "more": "{where}之后另有 {text} 处类似写法按原样显示为文字",
    "attachment": "{where}链接的文件「{text}」不是本记录的附件",
    "link": "{where}的链接使用了不允许的写法「{text}」",
}


def _message(kind: str, where: str, text: str) -> str:
    length, _, marks = text.partition(",")  # "dense" reports "length,marks"
    return _MESSAGE.get(kind, _MESSAGE["link"]).format(where=where, text=text, length=length, marks=marks)


# (line within the text, kind, text found, hint) -> the problem, placed in the record's file
Locate = Callable[[int, str, str, str], Problem]


def _check_text(text: str, attachments: set[str], locate: Locate) -> list[Problem]:
    result = scan(text)
    problems = [_warning(locate(span.line, span.kind, span.text, _HINT[span.kind])) for span in result.unsafe]
    if result.unsafe_total > len(result.unsafe):
        last = result.unsafe[-1]
        problems.append(_warning(locate(last.line, "more", str(result.unsafe_total - len(result.unsafe)), _HINT["more"])))
    problems += [locate(span.line, span.kind, span.text, _HINT[span.kind]) for span in result.refused]
    for link in result.local_links:
        if link.target.removeprefix(FILES_FOLDER + "/") not in attachments:
            problems.append(locate(link.line, "attachment", link.text, _HINT["attachment"]))
    return problems


def _warning(problem: Problem) -> Problem:
    return dataclasses.replace(problem, severity=Severity.WARNING)


def _in_body(record: Record) -> Locate:
    return lambda line, kind, text, hint: record.body_problem(line, _message(kind, "正文", text), hint)


def _in_field(record: Record, loc: tuple, label: str) -> Locate:
    # A YAML value's lines cannot be mapped back to the file in general (folded
    # and quoted scalars), so the problem points at the field and names the line.
    return lambda line, kind, text, hint: record.problem(loc, _message(kind, f"{label}第{line}行", text), hint)


def _texts(record: Record) -> Iterable[tuple[str, set[str], Locate]]:
    """Every Markdown text of the record that is rendered, with the files it may link to."""
    if record.kind is DOCUMENT:
        attachments = {attachment.file for attachment in record.model.attachments}
        if record.model.text is not None:  # a migrated record whose source had no full text
            yield record.model.text, attachments, _in_body(record)
        for index, interpretation in enumerate(record.model.interpretations):
            if interpretation.content:
                where = alias_path(NormativeDocument, "interpretations", index, "content")
                yield interpretation.content, attachments, _in_field(record, where, where[-1])
    elif record.kind is REPORT:
        yield record.model.text, set(), _in_body(record)
    elif record.kind is ANNUAL:
        for name in ("overview", "problems", "other_matters"):
            where = alias_path(AnnualDisclosureReport, name)
            yield getattr(record.model, name), set(), _in_field(record, where, where[-1])


# The kinds whose records have Markdown texts, in the order their problems are reported.
MARKUP_KINDS = (DOCUMENT, REPORT, ANNUAL)


def markup_of(catalog: Catalog, record: Record) -> list[Problem]:
    """A cross-check of each record of MARKUP_KINDS on its own (its verdict kept in a build's cache
    folder as the other checks' are: it looks nothing up, since a text may link only to the record's
    own attachments)."""
    problems = []
    for text, attachments, locate in _texts(record):
        problems += _check_text(text, attachments, locate)
    return problems
