"""Stage 3, cross-check: identity, references and relations that no
single file can verify on its own."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Union

from . import docno, memo
from .annual.checks import check_annual_reports
from .attachmentcheck import attachment_types
from .clauses import clause_ref, has_part, segments
from .markupcheck import MARKUP_KINDS, markup_of
from .privacy.check import personal_data, settings_personal_data
from .release import release_review
from .judging import KeptVerdicts, VerdictForm, each_record
from .kinds import ALL_KINDS, DECISION, DOCUMENT, HEARING, ITEM_KINDS, Kind
from .model.common import Attachment, DocumentLink
from .model.document import ClauseChange, Relations, StatusChange, Validity
from .model.introspect import alias_path
from .problems import Problem, problems_from_json, problems_to_json
from .textnorm import folded
from .records import Catalog, Record
from .model.walk import nested_models


def crosscheck(catalog: Catalog, second_core: bool = False, kept: Optional[KeptVerdicts] = None) -> list[Problem]:
    """Every check's problems. The checks of one record at a time are run record by record: serve keeps a
    record's problems while it and what its checks looked up are the same (judging.py); a build may
    judge half of the records on its second core (`second_core`), and keep them in its cache folder (`kept`)."""
    each = [check for check in CHECKS if isinstance(check, EachRecord)]

    def judged(seen_as: Catalog, record: Record) -> list[Optional[list[Problem]]]:
        return [check.check(seen_as, record) if check.kinds is None or record.kind in check.kinds else None for check in each]

    def from_json(record: Record, data: Any) -> list[Optional[list[Problem]]]:
        if not isinstance(data, list) or len(data) != len(each):
            raise ValueError("a stored verdict has one entry for each check")
        # Most checks find nothing: an empty verdict is taken as it is.
        return [None if found is None else [] if found == [] else problems_from_json(found) for found in data]

    form = VerdictForm(lambda verdict: [None if found is None else problems_to_json(found) for found in verdict],
                       from_json)
    verdicts = each_record("cross-check verdicts", catalog, catalog.records, judged, second_core=second_core, kept=kept, form=form)
    problems: list[Problem] = []
    for check in CHECKS:
        if not isinstance(check, EachRecord):
            problems += check(catalog)
            continue
        number = each.index(check)  # its place in each record's verdict
        records = catalog.records if check.kinds is None else [record for kind in check.kinds for record in catalog.of(kind)]
        for record in records:
            problems += verdicts[id(record)][number] or []
    return problems


def _unique(records: Iterable[Record], value_of: Callable[[Record], object], attribute: tuple, what: str,
            key_of: Optional[Callable[[Any], object]] = None) -> list[Problem]:
    """Each record whose value has the same key as an earlier record's (key_of: what
    two spellings of one value share; none: the value itself) is reported at `attribute`
    (a path of the model's attributes), naming the earlier file."""
    seen: dict[object, tuple[Record, object]] = {}
    problems = []
    for record in records:
        value = value_of(record)
        if value is None:
            continue
        # serve keeps each value's key: folding every 文号 and 登记号 again took 0.05 s of each rebuild at 10,000 records
        key = value if key_of is None else memo.cached(("unique key", key_of, value), functools.partial(key_of, value))
        if key in seen:
            first, first_value = seen[key]
            spelled = "" if first_value == value else f"（该文件写作「{first_value}」，只是写法不同：全角半角、大小写、括号或看不见的字符）"
            problems.append(record.problem(record.at(*attribute), f"{what}「{value}」与 {first.path} 重复{spelled}", f"每条记录的{what}必须唯一，请核对后修改其中一条"))
        else:
            seen[key] = (record, value)
    return problems


def _identifier_key(text: str) -> str:
    """What two spellings of one 统一登记号 or 索引号 share: the visible text folded
    (full-width forms, invisible characters), without spaces, in one letter case."""
    return "".join(folded(text).split()).upper()


def _number_in_name(record: Record) -> Optional[int]:
    """The 序号 a decision or hearing item's file name gives: 2021-03 -> 3 (None if it gives none)."""
    rest = record.id[len(f"{record.year}-"):]
    return int(rest) if rest.isdigit() else None


def _number_problem(record: Record) -> Optional[Problem]:
    """A decision or hearing item's 序号 must be the one in its file name (2021-03.yaml <-> 序号 3)."""
    number, named = record.model.number, _number_in_name(record)
    if named == number:
        return None
    name = record.path.rsplit("/", 1)[-1]
    renamed = f"{record.year}-{number:02d}.yaml"
    if named is None:
        return record.problem(record.at("number"), f"文件名 {name} 中没有序号", f"事项文件按「年份-序号」命名：序号 {number} 的文件名应为 {renamed}")
    return record.problem(record.at("number"), f"序号 {number} 与文件名 {name} 不一致（文件名中的序号是 {named}）",
                          f"请把序号改为 {named}；如果序号 {number} 才是对的，请把文件改名为 {renamed}（已发布的事项改名会改变网址）")


def check_identity(catalog: Catalog) -> list[Problem]:
    problems = []
    for kind in ITEM_KINDS:  # numbered by 序号 within their year
        problems += _unique(catalog.of(kind), lambda r: r.id, (), "编号（文件名）")
        by_year = defaultdict(list)
        for record in catalog.of(kind):
            mismatch = _number_problem(record)
            if mismatch:
                problems.append(mismatch)  # a duplicate 序号 would only repeat it
            else:
                by_year[record.year].append(record)
        for records in by_year.values():
            problems += _unique(records, lambda r: r.model.number, ("number",), "同一年度内的序号")
    documents = catalog.of(DOCUMENT)
    problems += _unique(documents, lambda r: r.model.doc_number, ("doc_number",), "文号", docno.identity)
    problems += _unique(documents, lambda r: r.model.registration, ("registration",), "统一登记号", _identifier_key)
    problems += _unique(documents, lambda r: r.model.index_number, ("index_number",), "索引号", _identifier_key)
    return problems


def check_year_catalogs(catalog: Catalog) -> list[Problem]:
    problems = []
    for item_kind in ITEM_KINDS:
        catalog_kind = item_kind.year_catalog
        assert catalog_kind is not None  # ITEM_KINDS are the kinds listed in a year catalog
        years = {r.year for r in catalog.of(catalog_kind)}
        years |= {int(rid) for key, rid in catalog.invalid if key == catalog_kind.key}
        for record in catalog.of(catalog_kind):
            if record.model.year != record.year:
                problems.append(record.problem(record.at("year"), f"年度 {record.model.year} 与所在文件夹 {record.year} 不一致", "请改正年度，或把文件移到对应年份的文件夹"))
        for item in catalog.of(item_kind):
            if item.year not in years:
                problems.append(item.problem((), f"{item.year} 年没有{catalog_kind.label}", f"请先创建同一文件夹下的 catalog.yaml（{catalog_kind.label}）"))
    return problems


def _reference(catalog: Catalog, record: Record, loc: tuple, target_kind: Kind, target_id: str) -> list[Problem]:
    if catalog.find(target_kind, target_id) or (target_kind.key, target_id) in catalog.invalid:
        return []
    return [record.problem(loc, f"找不到{target_kind.label}「{target_id}」", f"请确认 catalog/{target_kind.catalog_path(target_id)} 存在，或更正编号")]


def references(catalog: Catalog, record: Record) -> list[Problem]:
    """A decision's documents, a hearing's decision, a document's relations and history name records that exist."""
    problems = []
    if record.kind is DECISION:
        for index, doc_id in enumerate(record.model.produced_documents):
            problems += _reference(catalog, record, record.at("produced_documents", index), DOCUMENT, doc_id)
        for index, doc_id in enumerate(record.model.basis_documents):
            problems += _reference(catalog, record, record.at("basis_documents", index), DOCUMENT, doc_id)
    elif record.kind is HEARING:
        decision_id = record.model.decision
        if decision_id:
            problems += _reference(catalog, record, record.at("decision"), DECISION, decision_id)
            decision = catalog.find(DECISION, decision_id)
            if decision and not decision.model.hearing_required:
                problems.append(record.problem(record.at("decision"), f"决策事项 {decision_id} 未标记为需要听证", f"请在 {decision.path} 中填写「是否听证: 是」，或更正所属决策"))
    else:
        relations = record.model.relations
        for attribute in ("amends", "repeals", "replaces", "based_on"):
            for index, doc_id in enumerate(getattr(relations, attribute)):
                problems += _reference(catalog, record, record.at("relations", attribute, index), DOCUMENT, doc_id)
        for index, change in enumerate(record.model.history):
            if change.by:
                problems += _reference(catalog, record, record.at("history", index, "by"), DOCUMENT, change.by)
    return problems


_ACTS = ("amends", "repeals", "replaces")  # the relations that change another document's validity
_RELATION_STATUS = {"amends": Validity.AMENDED, "repeals": Validity.REPEALED, "replaces": Validity.REPEALED}


def _word(attribute: str) -> str:
    """What staff call a relation: its key, 修改 / 废止 / 替代."""
    return alias_path(Relations, attribute)[0]


def _acts(record: Record) -> list[tuple[str, int, str]]:
    """(relation attribute, index, target id) of every document this one amends, repeals or replaces."""
    relations = record.model.relations
    return [(attribute, index, target) for attribute in _ACTS for index, target in enumerate(getattr(relations, attribute))]


def _relation_cycles(catalog: Catalog, acting: list[tuple[Record, list]]) -> list[Problem]:
    """A document can only act on one made before it, so the relations cannot loop
    (A repeals B and B repeals A, or longer). Each loop is reported once, at the
    relation that closes it, naming every file in it. `acting`: the documents that act on
    any, with their acts (_acts)."""
    documents = {record.id: record for record in catalog.of(DOCUMENT)}
    # Only a document that acts on another can be in a loop, so the walks start from those alone (about
    # one in twenty): a document that acts on none, met on a path, ends it there.
    edges = {record.id: [(key, index, target) for key, index, target in acts if target in documents] for record, acts in acting}
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    problems = []
    for start in sorted(edges):
        if start in state:
            continue
        state[start] = "open"
        path: list[tuple[str, int]] = [(start, 0)]  # (document, next edge to follow)
        steps: list[tuple[str, str, str]] = []  # (source, key, target) along the path
        while path:
            node, position = path[-1]
            if position == len(edges.get(node, ())):
                state[node] = "done"
                path.pop()
                if steps:
                    steps.pop()
                continue
            path[-1] = (node, position + 1)
            key, index, target = edges[node][position]
            if state.get(target) == "open":
                begin = next(i for i, (source, _, _) in enumerate(steps + [(node, key, target)]) if source == target)
                loop = (steps + [(node, key, target)])[begin:]
                problems.append(_cycle_problem(documents, loop, (key, index)))
            elif target not in state:
                state[target] = "open"
                steps.append((node, key, target))
                path.append((target, 0))
    return problems


def _cycle_problem(documents: dict[str, Record], loop: list[tuple[str, str, str]], closing: tuple[str, int]) -> Problem:
    source = documents[loop[-1][0]]
    if len(loop) == 1:
        return source.problem(source.at("relations", *closing), f"本文件不能{_word(closing[0])}自己", "请删除这一项")
    chain = "；".join(f"{documents[a].path} {_word(key)} {b}" for a, key, b in loop)
    return source.problem(source.at("relations", *closing), f"修改、废止、替代关系形成循环：{chain}",
                          "只有后制定的文件才能修改、废止或替代先制定的文件；请核对并删除其中错误的一项关系（同时更正对应文件的状态历史）")


def _repeated_repeals(catalog: Catalog, acting: list[tuple[Record, list]]) -> list[Problem]:
    """A document is repealed (废止 or 替代) once: by one document, and once in its status history."""
    problems = []
    repealed_by: dict[str, tuple[Record, str]] = {}
    for record, acts in acting:
        for key, index, target in acts:
            if key == "amends":
                continue
            if target in repealed_by:
                first, first_key = repealed_by[target]
                by = f"本文件{_word(first_key)}" if first is record else f" {first.path} {_word(first_key)}"
                problems.append(record.problem(
                    record.at("relations", key, index), f"{target} 已被{by}，一份文件只能被废止一次",
                    "请核对是哪份文件废止（或替代）了它，删除另一项；只改动部分条款的请写在「修改」中"))
            else:
                repealed_by[target] = (record, key)
    for record in catalog.of(DOCUMENT):
        repeals = [index for index, change in enumerate(record.model.history) if change.status is Validity.REPEALED]
        for index in repeals[1:]:
            problems.append(record.problem(
                record.at("history", index, "status"), f"状态历史中第{repeals[0] + 1}项已记录废止，文件只能废止一次",
                "请删除多余的一项；如果这次是修改，请把状态改为「已修改」"))
    return problems


def relation_loops(catalog: Catalog) -> list[Problem]:
    """No loops, and nothing repealed twice."""
    acting = [(record, acts) for record, acts in ((record, _acts(record)) for record in catalog.of(DOCUMENT)) if acts]
    return _relation_cycles(catalog, acting) + _repeated_repeals(catalog, acting)


def relations_of(catalog: Catalog, record: Record) -> list[Problem]:
    """A amends/repeals B  <=>  B's status history records that change, citing A."""
    problems: list[Problem] = []
    relations = record.model.relations
    for key in _ACTS:
        for index, target_id in enumerate(getattr(relations, key)):
            target = catalog.find(DOCUMENT, target_id)
            if target is None:
                continue
            status = _RELATION_STATUS[key]
            if not any(c.status is status and c.by == record.id for c in target.model.history):
                problems.append(record.problem(
                    record.at("relations", key, index),
                    f"本文件{_word(key)} {target_id}，但该文件的状态历史没有记录",
                    f"请在 {target.path} 的状态历史中添加「状态: {status.value}」「依据: {record.id}」",
                ))
    for index, change in enumerate(record.model.history):
        loc = record.at("history", index)
        # A migrated register often states only that a document was repealed: by what is 未记载.
        if change.status in (Validity.AMENDED, Validity.REPEALED) and not (change.by or change.note) and not record.model.migrated:
            problems.append(record.problem(loc, f"状态「{change.status.value}」缺少依据", "请填写「依据」（本目录中的文件编号）或在「说明」中写明依据的文件"))
        if not change.by:
            continue
        source = catalog.find(DOCUMENT, change.by)
        if source is None:
            continue
        lists = {Validity.AMENDED: source.model.relations.amends,
                 Validity.REPEALED: source.model.relations.repeals + source.model.relations.replaces}
        if change.status in lists and record.id not in lists[change.status]:
            key = _word("amends" if change.status is Validity.AMENDED else "repeals")
            problems.append(record.problem(
                loc + alias_path(StatusChange, "by"),
                f"状态历史说 {change.by} {key}了本文件，但 {change.by} 的「关系」中没有记录",
                f"请在 {source.path} 的「关系 › {key}」中添加 {record.id}",
            ))
    dates = [c.date for c in record.model.history if c.date is not None]
    if dates != sorted(dates):
        problems.append(record.problem(record.at("history"), "状态历史未按日期先后排列", "请按日期从早到晚排列各项"))
    return problems


def clause_changes(catalog: Catalog, record: Record) -> list[Problem]:
    """Each 修改条款 entry names a document this one amends and a clause its text has."""
    problems: list[Problem] = []
    relations = record.model.relations
    for index, change in enumerate(relations.clause_changes):
        loc = record.at("relations", "clause_changes", index)
        target_id = change.document
        if target_id is None:
            problems.append(record.problem(loc, "修改条款没有写明修改的是哪份文件",
                                           f"「修改」列了 {len(relations.amends)} 份文件：请在这一项填写「文件」（其中一份的编号）"))
            continue
        if target_id not in relations.amends:
            problems.append(record.problem(loc + alias_path(ClauseChange, "document"), f"修改条款的文件 {target_id} 不在本文件的「修改」中",
                                           f"请在「关系 › 修改」中添加 {target_id}，或更正这里的编号"))
            continue
        target = catalog.find(DOCUMENT, target_id)
        if target is None or target.model.text is None:
            continue  # an unknown id is reported with 修改; a migrated text may be absent
        ref = clause_ref(change.clause)
        where = record.at("relations", "clause_changes", index, "clause")
        clause = next((s for s in segments(target.model.text) if ref and s.number == ref.clause), None)
        if ref is None:
            problems.append(record.problem(where, f"「{change.clause}」不是条、款、项的写法",
                                           "请照修改决定写成「第六条」「第六条第二款」「第二条第四项」这样的形式（一处一项）"))
        elif clause is None:
            problems.append(record.problem(where, f"{target_id} 的正文中没有{change.clause.split('条')[0]}条",
                                           f"请对照 {target.path} 的正文核对条的序号"))
        elif not has_part(clause.text, ref):
            problems.append(record.problem(where, f"{target_id} 的{change.clause.split('条')[0]}条中没有{change.clause.split('条', 1)[1]}",
                                           f"请对照 {target.path} 的正文核对款、项的序号（项以（一）（二）开头）"))
    return problems


def document_dates(catalog: Catalog, record: Record) -> list[Problem]:
    """A document's dates in their order (statutory deadlines are the compliance rules' job)."""
    problems = []
    model = record.model
    if model.written and model.published < model.written:
        problems.append(record.problem(record.at("published"), f"发布日期 {model.published} 早于成文日期 {model.written}", "请核对日期"))
    if model.expires and model.effective and model.expires < model.effective:
        problems.append(record.problem(record.at("expires"), f"有效期至 {model.expires} 早于施行日期 {model.effective}", "请核对日期"))
    return problems


def reversed_ranges(catalog: Catalog, record: Record) -> list[Problem]:
    """Ranges that cannot be reversed."""
    problems = []
    for loc, value in nested_models(record.model):
        start, end = getattr(value, "start", None), getattr(value, "end", None)
        if start and end and end < start:
            problems.append(record.problem(loc + alias_path(type(value), "end"), f"结束日期 {end} 早于开始日期 {start}", "请核对起止日期"))
    return problems


def files_of(catalog: Catalog, record: Record) -> list[Problem]:
    """Each attachment exists under files/ with the SHA-256 the record gives it."""
    problems: list[Problem] = []
    for loc, value in nested_models(record.model):
        if isinstance(value, DocumentLink) and not (value.link or value.file):
            problems.append(record.problem(loc, f"文件「{value.title}」既没有链接也没有附件", "请填写「链接」或「文件」其中之一"))
        if not isinstance(value, (Attachment, DocumentLink)) or not value.file:
            continue
        info = catalog.files.get(value.file)
        if info is None and value.file in catalog.refused_files:
            continue  # the loader already said why it refused the file
        if info is None:
            problems.append(record.problem(loc + alias_path(type(value), "file"), f"附件 catalog/files/{value.file} 不存在", "请把文件放到 catalog/files/ 下对应位置，或更正路径（区分大小写）"))
        elif isinstance(value, Attachment) and value.sha256 and value.sha256 != info.sha256:
            problems.append(record.problem(loc + alias_path(type(value), "sha256"), "附件内容与登记的 SHA-256 不一致（文件可能被替换或损坏）", f"请核实文件；确认无误后把 sha256 改为 {info.sha256}"))
    return problems


@dataclass(frozen=True)
class EachRecord:
    """A cross-check of one record at a time, of these kinds in this order (None: every record, in the
    catalog's order). It may look records and files up (judging.py), not go through them."""
    check: Callable[[Catalog, Record], list[Problem]]
    kinds: Optional[tuple[Kind, ...]] = None


# In the order their problems are reported.
CHECKS: tuple[Union[Callable[[Catalog], list[Problem]], EachRecord], ...] = (
    check_identity, check_year_catalogs, EachRecord(references, (DECISION, HEARING, DOCUMENT)), relation_loops,
    EachRecord(relations_of, (DOCUMENT,)), EachRecord(clause_changes, (DOCUMENT,)), EachRecord(reversed_ranges),
    EachRecord(document_dates, (DOCUMENT,)), EachRecord(files_of), EachRecord(attachment_types), EachRecord(markup_of, MARKUP_KINDS),
    EachRecord(release_review, ALL_KINDS), settings_personal_data, EachRecord(personal_data), check_annual_reports,
)
