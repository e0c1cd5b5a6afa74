"""The staff guide's table of every compliance rule: its article, the article's words,
its level and why, derived from the rule registry (never written by hand)."""
from __future__ import annotations

from ..compliance.rules import RULES, Rule
from .markdown import front_matter, inline, page, table

PAGE = "about/rules.md"
# The columns both rule tables share (this page and the staff compliance report).
RULE_HEADINGS = ["规则", "要求", "依据", "条文"]


def rule_cells(rule: Rule) -> list[str]:
    return [f"`{rule.id}`", inline(rule.description), inline(rule.source), inline(rule.words)]


def rules_page() -> str:
    rows = [rule_cells(rule) + [rule.level.value, inline(rule.why)] for rule in RULES]
    return page(
        front_matter("检查规则一览"),
        "# 检查规则一览",
        "每条规则引用它所依据的条文。级别按条文的用语确定：条文用“应当”“不得”而没有例外的为**错误**（阻止发布）；"
        "“一般”“可以”等留有例外的，以及本地做法，为**警告**或**提示**。级别可以在 `catalog/compliance.yaml` 的「规则级别」中按本地规定调整。"
        "期间按《中华人民共和国民法典》第二百零一至二百零三条计算：开始的当日不计入；按年、月计算的，到期月的对应日为最后一日，没有对应日的为月末日；"
        "最后一日是法定休假日的，顺延到休假日结束的次日。工作日按国务院公布的放假安排（含调休）计算。",
        table(RULE_HEADINGS + ["默认级别", "为什么是这个级别"], rows),
    )
