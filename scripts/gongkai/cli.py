"""Command-line edge: the only place problems become text and exit codes.

Exit codes: 0 success; 1 the catalog has errors; 2 wrong command usage;
3 the site build failed for another reason (MkDocs reported it).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from .pipeline import check, generate
from .problems import REPORT_FORMATS, CatalogError, format_report
from zipfile import BadZipFile

from openpyxl.utils.exceptions import InvalidFileException

from .canonical import format_text
from .excel.export import export_workbook
from openpyxl import load_workbook

from .excel.importer import apply_plan, plan_import
from .excel.mapping import draft_mapping
from .gkmlpt.plan import plan_platform_import
from .kinds import ANNUAL, REPORT
from .load import gb18030_text, legacy_encoded_files, load_catalog
from .schema import SCHEMA_DIR, write_schemas
from .pagecache.session import CACHE_VARIABLE
from .project import CONFIG, ProjectNotFound, project_root
from .textnorm import UTF8_BOM
from .skeleton import KINDS, annual_skeleton, next_id, next_registration, skeleton, today_year

EXIT_OK, EXIT_CATALOG, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3

EPILOG = """退出码:0 成功;1 目录有错误;2 命令用法错误;3 网站构建失败。

示例:
  python -m gongkai check                 检查 catalog/ 下全部目录文件
  python -m gongkai render --out /tmp/md  只生成 Markdown 页面，不构建网站
  python -m gongkai build                 检查并构建网站到 site/
  python -m gongkai serve                 本地预览 http://127.0.0.1:8000/ ,修改目录后自动刷新
"""


class _Parser(argparse.ArgumentParser):
    """Chinese usage errors, and help epilogs (the examples) printed as written."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # argparse would exit 2 in English
        self.print_usage(sys.stderr)
        print(f"命令用法错误：{message}（用 -h 查看帮助）", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"\"{text}\" 不是 YYYY-MM-DD 格式的日期") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="政务公开目录发布工具", epilog=EPILOG)
    parser.add_argument("--catalog", type=Path, default=None, help="目录文件夹（默认：项目的 catalog/）")
    parser.add_argument("--today", type=_date, default=None, help="按指定日期生成（YYYY-MM-DD），默认今天")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    check_command = commands.add_parser(
        "check", help="检查目录文件，列出全部问题",
        epilog="示例：\n  python -m gongkai check\n  python -m gongkai check --format github   （在 GitHub 拉取请求的改动上标注问题）")
    check_command.add_argument("--all", action="store_true", dest="complete",
                               help="列出全部警告和提示（默认：某条规则发现很多时只列出前几条和总数）")
    check_command.add_argument("--format", choices=sorted(REPORT_FORMATS), default="human",
                               help="输出格式：" + "，".join(f"{name} {form.help}" for name, form in REPORT_FORMATS.items()))
    render = commands.add_parser("render", help="只生成 Markdown 页面", epilog="示例：python -m gongkai render --out /tmp/md")
    render.add_argument("--out", type=Path, required=True, help="输出文件夹")
    new = commands.add_parser(
        "new", help="新建一条记录：写出含全部字段和中文说明的模板文件",
        epilog="示例：\n  python -m gongkai new document --prefix lfg            新建规范性文件 catalog/documents/lfg-<年份>-NN.md\n"
               "  python -m gongkai new decision --year 2026               新建 2026 年的重大行政决策事项\n"
               "  python -m gongkai new decision-catalog --year 2026       新建 2026 年的重大行政决策事项目录\n"
               "  python -m gongkai new annual                             新建上一年度的政府信息公开工作年度报告统计数据")
    new.add_argument("kind", choices=sorted(KINDS), help="记录种类：document 规范性文件，decision 决策事项，hearing 听证事项，"
                     "decision-catalog / hearing-catalog 年度目录，report 法治政府建设年度报告，"
                     "annual 政府信息公开工作年度报告统计数据（默认上一年度，上年结转自动取上一年报告的结转下年度）")
    new.add_argument("--year", type=int, default=None, help="年度（默认今年）")
    new.add_argument("--prefix", default="lfg", help="规范性文件编号前缀，如 lfg（廉府规）、lfbg（廉府办规），默认 lfg")
    fmt = commands.add_parser(
        "format", help="把目录文件改写为统一格式（字段顺序、文号括号、日期格式、UTF-8 编码），注释保留",
        epilog="示例：\n  python -m gongkai format            改写需要调整的文件\n  python -m gongkai format --check    只检查，不改写（有文件需要调整时退出码为 1）")
    fmt.add_argument("--check", action="store_true", help="只列出需要调整的文件，不改写")
    export = commands.add_parser(
        "export", help="把目录导出为 Excel 表格（每类目录一个工作表，中文表头）",
        epilog="示例：python -m gongkai export --format xlsx --out 目录.xlsx")
    export.add_argument("--format", choices=["xlsx"], default="xlsx", help="导出格式（目前为 xlsx）")
    export.add_argument("--out", type=Path, required=True, help="输出文件，如 目录.xlsx")
    importing = commands.add_parser(
        "import", help="从 Excel 表格导入：先列出将新增、修改的记录（预演），加 --apply 才写入",
        epilog="示例：\n  python -m gongkai import 目录.xlsx           预演：列出将要新增和修改的内容\n"
               "  python -m gongkai import 目录.xlsx --apply   确认后写入目录文件\n"
               "  python -m gongkai import 登记簿.xlsx --batch excel-2026-12   原有登记：作为迁移记录导入\n"
               "  python -m gongkai import 登记簿.xlsx --write-mapping 导入设置.yaml   认不出的表格：生成导入设置\n"
               "表中没有的记录不会被改动或删除；已发布的记录如需停止使用，请在状态历史中记录废止或失效。")
    importing.add_argument("file", type=Path, help="Excel 文件（.xlsx）")
    importing.add_argument("--apply", action="store_true", help="写入目录文件（默认只预演）")
    importing.add_argument("--batch", help="原有登记（没有编号列）的导入批次编号：先在 catalog/imports.yaml 登记原始出处、采集日期和保密审查")
    importing.add_argument("--mapping", type=Path, help="导入设置文件：写明每张表格的内容、表头行和各列对应的字段")
    importing.add_argument("--write-mapping", type=Path, metavar="FILE",
                           help="不导入，只把程序对每张表格的识别结果写成导入设置文件，供核对修改后用 --mapping 使用")
    platform = commands.add_parser(
        "import-gkmlpt", help="从广东省政府信息公开目录平台（gkmlpt）保存的列表 JSON 和文件页面导入规范性文件（迁移记录）",
        epilog="示例：python -m gongkai import-gkmlpt --batch gkml-2026-12 列表第1页.json post_123.html\n"
               "先在 catalog/imports.yaml 登记导入批次；默认只预演，加 --apply 才写入。")
    platform.add_argument("files", type=Path, nargs="+", help="平台列表接口的 JSON，或文件页面（HTML）")
    platform.add_argument("--batch", required=True, help="catalog/imports.yaml 中登记的导入批次编号")
    platform.add_argument("--apply", action="store_true", help="写入目录文件（默认只预演）")
    commands.add_parser("schema", help="由数据模型生成编辑器使用的 JSON Schema（docs/schema/）",
                        epilog="示例：python -m gongkai schema   （修改 scripts/gongkai/model/ 后运行并提交结果）")
    build = commands.add_parser("build", help="检查并构建网站（严格模式）", epilog="示例：python -m gongkai build --cache .cache/pages")
    build.add_argument("--cache", type=Path, default=None,
                       help="缓存文件夹：复用上次构建中输入未变的页面，输出与不用缓存时逐字节相同（也可用环境变量 GONGKAI_CACHE）")
    serve = commands.add_parser("serve", help="本地预览，修改目录后自动刷新", epilog="示例：python -m gongkai serve --addr 127.0.0.1:8000")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    try:
        if args.catalog is None:
            args.catalog = project_root() / "catalog"
        return COMMANDS[args.command](args)
    except ProjectNotFound as error:
        print(f"命令用法错误：{error}", file=sys.stderr)
        return EXIT_USAGE


def _check(args) -> int:
    return _report(check(args.catalog, today=args.today), args.format, args.complete)


def _schema(args) -> int:
    changed = write_schemas(project_root())
    print(f"已更新 {SCHEMA_DIR}/：{'、'.join(changed)}" if changed else f"{SCHEMA_DIR}/ 已是最新。")
    return EXIT_OK


def _render(args) -> int:
    """Real Markdown files in a folder, for any MkDocs-compatible builder."""
    result = check(args.catalog, today=args.today)
    if not result.ok:
        return _report(result)
    try:
        generate(result.catalog, args.catalog, args.out, args.today, result.problems)
    except CatalogError as error:  # an attachment changed between check and copy
        print(format_report(error.problems), file=sys.stderr)
        return EXIT_CATALOG
    print(f"已生成 Markdown 页面到 {args.out}")
    return EXIT_OK


def _report(result, output: str = "human", complete: bool = False) -> int:
    form = REPORT_FORMATS[output]
    if form.machine and (result.problems or not form.for_people):
        print(form.machine(result.problems))
    if not form.for_people:
        return EXIT_OK if result.ok else EXIT_CATALOG
    if result.problems:
        print(format_report(result.problems, complete), file=sys.stderr)
    if result.ok:
        print(f"检查通过：{len(result.catalog.records)} 条记录。")
        return EXIT_OK
    return EXIT_CATALOG


def _mkdocs(args) -> int:
    """MkDocs is a thin shell: its hook (scripts/mkdocs_hooks.py) checks the catalog,
    once per build, and reports problems in Chinese; it creates the flag file when
    catalog errors stopped the build, which tells exit code 1 from 3."""
    with tempfile.TemporaryDirectory(prefix="gongkai-") as scratch:
        flag = Path(scratch) / "catalog-errors"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GONGKAI_CATALOG=str(Path(args.catalog).resolve()),
                   GONGKAI_CATALOG_ERROR_FLAG=str(flag))
        if args.today:
            env["GONGKAI_TODAY"] = args.today.isoformat()
        if getattr(args, "cache", None) is not None:
            env[CACHE_VARIABLE] = str(Path(args.cache).resolve())
        command = [sys.executable, "-m", "mkdocs"]
        if args.command == "build":
            command += ["build", "--strict", "--clean"]
        else:
            # --dirty: the preview keeps its output and rebuilds only what a save changed (pagecache/preview.py).
            command += ["serve", "--livereload", "--dirty", "--dev-addr", args.addr]
        # From the working directory, so problems name files as `check` does.
        returncode = _run_child([*command, "--config-file", str(project_root() / CONFIG)], env)
        if returncode == 0:
            return EXIT_OK
        return EXIT_CATALOG if flag.exists() else EXIT_BUILD


def _run_child(command: list[str], env: dict) -> int:
    """MkDocs as a child that stops with this process: a SIGTERM or SIGHUP sent to gongkai
    (a service manager, a closed terminal) is passed on, so `serve` leaves no server behind.
    Ctrl-C reaches both already (the terminal signals the whole process group)."""
    child = subprocess.Popen(command, env=env)

    def forward(signum, frame):
        child.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if child.poll() is None:
            child.terminate()
            child.wait(timeout=10)


def _create(path: Path, text: str, other: str) -> bool:
    """Write a new file, never over an existing one and never through a link
    (a dangling symlink at `path` would otherwise be followed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        print(f"{path} 已存在（或是一个链接），未覆盖。请换一个{other}。", file=sys.stderr)
        return False
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    return True


def _new(args) -> int:
    result = check(args.catalog, today=args.today)
    kind = KINDS[args.kind]
    year = args.year or today_year(args.today)
    values: dict = {}
    if kind is ANNUAL:
        year = args.year or today_year(args.today) - 1  # reports cover the year just ended
        path = args.catalog / kind.catalog_path(str(year))
        authority = result.catalog.site.government if result.catalog.site else ""
        previous = result.catalog.find(ANNUAL, str(year - 1))
        if not _create(path, annual_skeleton(kind, kind.catalog_path(str(year)), year, authority, previous), "年度"):
            return EXIT_USAGE
        print(f"已创建 {path}：请把各项件数改为实际数字，填写文字部分，然后运行 python -m gongkai check。")
        return EXIT_OK
    if kind.is_year_catalog:
        record_id = str(year)
        values["年度"] = year
    elif kind.yearly:
        record_id = next_id(result.catalog, kind, "", year)
        values["序号"] = int(record_id.rsplit("-", 1)[1])
    elif kind is REPORT:
        record_id = f"fzzf-{year}"
        values["年度"] = year
    else:
        record_id = next_id(result.catalog, kind, args.prefix, year)
        values["统一登记号"] = next_registration(result.catalog, args.prefix, year) or ""
    path = args.catalog / kind.catalog_path(record_id)
    if not _create(path, skeleton(kind, kind.catalog_path(record_id), values), "年度或编号"):
        return EXIT_USAGE
    print(f"已创建 {path}：请填写其中的必填字段，然后运行 python -m gongkai check。")
    return EXIT_OK


def _format(args) -> int:
    pending = []
    for path in legacy_encoded_files(args.catalog):
        # Files saved as GBK by Windows editors are converted first, then formatted.
        pending.append(f"catalog/{path.relative_to(args.catalog).as_posix()}（GBK 编码转换为 UTF-8）")
        text = gb18030_text(path.read_bytes())
        if text is not None and not args.check:  # legacy_encoded_files found it decodable
            path.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
    loaded = load_catalog(args.catalog, "catalog")
    for record in [loaded.site] + loaded.records if loaded.site else loaded.records:
        path = args.catalog / record.catalog_path
        # The loader has already refused files that are not UTF-8; a BOM is dropped here.
        formatted = format_text(path.read_text(encoding="utf-8-sig"), record.kind, record.catalog_path)
        if formatted.changed or path.read_bytes().startswith(UTF8_BOM):
            pending.append(record.path)
            if not args.check:
                path.write_text(formatted.text, encoding="utf-8")
    for problem in loaded.problems:
        print(f"{problem}（该文件未改写）", file=sys.stderr)
    verb = "需要调整" if args.check else "已改写"
    for name in pending:
        print(f"{verb}：{name}")
    print(f"共 {len(pending)} 个文件{verb}。" if pending else "全部目录文件已是统一格式。")
    return EXIT_CATALOG if (args.check and pending) else EXIT_OK


def _export(args) -> int:
    result = check(args.catalog, today=args.today)
    if not result.ok:
        return _report(result)
    counts = export_workbook(result.catalog, args.out, args.today or dt.date.today())
    print(f"已导出到 {args.out}：" + "，".join(f"{sheet} {count} 条" for sheet, count in counts.items()))
    return EXIT_OK


def _import(args) -> int:
    result = check(args.catalog, today=args.today)
    if not result.ok:
        print("目录本身有错误，请先修正再导入：", file=sys.stderr)
        return _report(result)
    today = args.today or dt.date.today()
    try:
        if args.write_mapping:
            args.write_mapping.write_text(draft_mapping(load_workbook(args.file, data_only=True)), encoding="utf-8")
            print(f"已写出导入设置 {args.write_mapping}：请逐项核对（特别是写「未识别」的地方），"
                  f"再运行 python -m gongkai import {args.file} --mapping {args.write_mapping}")
            return EXIT_OK
        plan = plan_import(args.file, result.catalog, args.mapping, args.batch, today)
    except (OSError, InvalidFileException, BadZipFile, KeyError, ValueError) as error:
        print(f"无法读取 {args.file}：{error}（请确认是 .xlsx 格式的 Excel 文件）", file=sys.stderr)
        return EXIT_USAGE
    return _report_plan(plan, args)


def _report_plan(plan, args) -> int:
    """Print an import plan (Excel or platform); write it with --apply."""
    for note in plan.notes:
        print(f"提示：{note}")
    if plan.problems:
        print(format_report(plan.problems), file=sys.stderr)
    if plan.errors:
        print(f"共读取 {plan.rows_read} 行，其中 {plan.rows_refused} 行不能导入（原因见上）。表格有错误，没有导入任何内容。", file=sys.stderr)
        return EXIT_CATALOG
    added = [c for c in plan.changes if c.new]
    changed = [c for c in plan.changes if not c.new]
    for label, items, mark in (("新增", added, "+"), ("修改", changed, "~")):
        if items:
            print(f"将{label} {len(items)} 条记录：")
        for change in items:
            print(f"  {mark} catalog/{change.path}（表格 {change.sheet} 第{change.row}行）")
            for alias, (old, new) in change.values.items():
                print(f"      {alias}：{_shown(old)} → {_shown(new)}")
            for outside in change.outside_repeals:
                print(f"      废止目录外文件：+ 《{outside['标题']}》{outside.get('文号', '')}")
    rows_changed = sum(1 + len(c.outside_repeals[1:]) for c in plan.changes)
    print(f"共读取 {plan.rows_read} 行：新增 {len(added)} 条，修改 {len(changed)} 条，"
          f"与目录一致 {plan.rows_read - rows_changed} 行，不能导入 {plan.rows_refused} 行"
          + (f"；有效性与目录不一致 {plan.validity_differences} 行（见上，不会自动改动）" if plan.validity_differences else "") + "。")
    if not plan.changes:
        print("表格与目录一致，没有需要导入的内容。")
        return EXIT_OK
    print("不会删除任何记录：表中没有的记录保持不变。")
    if not args.apply:
        print("这是预演，没有改动任何文件；确认无误后加 --apply 执行。")
        return EXIT_OK
    apply_plan(plan, args.catalog)
    print(f"已写入 {len(plan.changes)} 个目录文件。请运行 python -m gongkai check 检查（新增的规范性文件还需要补充正文等字段）。")
    return EXIT_OK


def _shown(value) -> str:
    if value is None or value == []:
        return "（空）"
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:60]}…（共 {len(value)} 字）"
    if isinstance(value, dict):
        return "，".join(f"{key} {_shown(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(_shown(item) for item in value)
    return str(getattr(value, "value", value))


def _import_platform(args) -> int:
    result = check(args.catalog, today=args.today)
    if not result.ok:
        print("目录本身有错误，请先修正再导入：", file=sys.stderr)
        return _report(result)
    plan = plan_platform_import(args.files, result.catalog, args.batch, args.today or dt.date.today())
    return _report_plan(plan, args)


COMMANDS = {"check": _check, "new": _new, "format": _format, "export": _export, "import": _import, "import-gkmlpt": _import_platform,
            "schema": _schema, "render": _render, "build": _mkdocs, "serve": _mkdocs}
