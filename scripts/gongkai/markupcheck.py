"""Warn where a Markdown body holds raw HTML or a link with a forbidden scheme:
the site shows such HTML as typed text and disables such links (bodytext.py),
so the clerk should know what readers will see."""
from __future__ import annotations

import dataclasses

from .bodytext import unsafe_spans
from .kinds import DOCUMENT, REPORT
from .problems import Problem, Severity
from .validate import Catalog

_HINT = {
    "html": "正文请用 Markdown 排版；网站不执行 HTML，会把它按原样显示为文字",
    "link": "链接只能是 http://、https://、mailto: 或站内相对路径；该链接在网站上已停用",
    "image": "图片请放入 catalog/files/ 并用相对路径引用；外部网站的图片不会显示（本站不向其他网站发出请求）",
}


def _message(kind: str, where: str, text: str) -> str:
    if kind == "html":
        return f"{where}含有 HTML「{text}」"
    if kind == "image":
        return f"{where}引用了外部网站的图片「{text}」"
    return f"{where}的链接使用了不允许的写法「{text}」"


def check_markup(catalog: Catalog) -> list[Problem]:
    problems = []
    for kind in (DOCUMENT, REPORT):
        for record in catalog.of(kind):
            for span in unsafe_spans(record.model.text):
                problem = record.body_problem(span.line, _message(span.kind, "正文", span.text), _HINT[span.kind])
                problems.append(dataclasses.replace(problem, severity=Severity.WARNING))
    for record in catalog.of(DOCUMENT):
        for index, interpretation in enumerate(record.model.interpretations):
            for span in unsafe_spans(interpretation.content or ""):
                problem = record.problem(("政策解读", index, "内容"), _message(span.kind, f"内容第{span.line}行", span.text), _HINT[span.kind])
                problems.append(dataclasses.replace(problem, severity=Severity.WARNING))
    return problems
