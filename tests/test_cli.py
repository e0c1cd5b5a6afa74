"""The command line: exit codes, Chinese output, no tracebacks."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL, PROJECT


def run(*args, cwd=PROJECT):
    # The console script pip installs with the project (pyproject.toml [project.scripts]).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(Path(sys.executable).parent / "gongkai"), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_check_valid_catalog_exits_0():
    completed = run("--catalog", str(MINIMAL), "check")
    assert completed.returncode == 0, completed.stderr
    assert "检查通过" in completed.stdout


def test_check_demo_catalog_exits_0():
    completed = run("check")
    assert completed.returncode == 0, completed.stderr


def test_check_reports_every_problem_together(minimal_copy):
    (minimal_copy / "decisions/2021/2021-01.yaml").write_text(
        (MINIMAL / "decisions/2021/2021-01.yaml").read_text(encoding="utf-8").replace("类别: 重要规划", "类别: 规划"), encoding="utf-8")
    catalog_file = minimal_copy / "decisions/2021/catalog.yaml"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8").replace("发布日期: 2021-03-01", "发布日期: 2021-3-1"), encoding="utf-8")
    completed = run("--catalog", str(minimal_copy), "check", cwd=minimal_copy.parent)
    assert completed.returncode == 1
    lines = completed.stderr.splitlines()
    assert lines[0].startswith("catalog/decisions/2021/2021-01.yaml:3:5 类别:")
    assert lines[1] == 'catalog/decisions/2021/catalog.yaml:8:7 发布日期: "2021-3-1" 不是有效日期 — 请使用 YYYY-MM-DD，如 2021-03-01'
    assert lines[-1] == "共发现 2 个错误、0 个警告。"
    assert "Traceback" not in completed.stderr


def test_usage_errors_exit_2_in_chinese():
    completed = run("publish-everything")
    assert completed.returncode == 2
    assert "命令用法错误" in completed.stderr
    completed = run("--today", "2021-13-01", "check")
    assert completed.returncode == 2
    assert "不是 YYYY-MM-DD" in completed.stderr


def test_missing_catalog_folder_exits_1(tmp_path):
    completed = run("--catalog", str(tmp_path / "nowhere"), "check", cwd=tmp_path)
    assert completed.returncode == 1
    assert "找不到目录文件夹" in completed.stderr


def test_help_is_chinese_with_examples():
    completed = run("--help")
    assert completed.returncode == 0
    assert "示例" in completed.stdout and "退出码" in completed.stdout


def test_render_writes_markdown_without_mkdocs(tmp_path):
    out = tmp_path / "md"
    completed = run("--catalog", str(MINIMAL), "--today", "2026-11-30", "render", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    assert (out / "decisions/2021-01.md").read_text(encoding="utf-8").startswith("---\ntitle:")
    assert (out / "files/documents/fx-2021-02/plan.txt").is_file()


def test_render_refuses_an_attachment_changed_after_the_check(minimal_copy, tmp_path, monkeypatch, capsys):
    from gongkai import cli

    def check_then_tamper(*args, **kwargs):
        result = cli_check(*args, **kwargs)
        (minimal_copy / "files/documents/fx-2021-02/plan.txt").write_text("换过的内容", encoding="utf-8")
        return result

    cli_check = cli.check
    monkeypatch.setattr(cli, "check", check_then_tamper)
    code = cli.main(["--catalog", str(minimal_copy), "--today", "2026-11-30", "render", "--out", str(tmp_path / "md")])
    assert code == 1
    assert "附件在检查之后被改动、替换或删除" in capsys.readouterr().err
    assert not (tmp_path / "md").exists()


def test_build_with_catalog_error_exits_1_without_building(minimal_copy):
    (minimal_copy / "site.yaml").unlink()
    completed = run("--catalog", str(minimal_copy), "build")  # in the project: its mkdocs.yml, hook and docs/
    assert completed.returncode == 1
    assert "缺少站点设置文件" in completed.stderr


def test_build_cache_option_names_the_folder_the_build_keeps_its_page_work_in(minimal_copy, tmp_path):
    (minimal_copy / "site.yaml").unlink()  # stops the build after it opened its cache, before it writes a site
    completed = run("--catalog", str(minimal_copy), "build", "--cache", str(tmp_path / "cache"))
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert (tmp_path / "cache" / "pages.sqlite").is_file()


def test_build_outside_a_project_says_where_to_run_it(minimal_copy):
    completed = run("--catalog", str(minimal_copy), "build", cwd=minimal_copy.parent)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert f"在 {minimal_copy.parent} 及其上级文件夹中找不到 mkdocs.yml：请在政务公开网站项目的文件夹中运行" in completed.stderr


def test_synthetic_catalog_outside_a_project_says_where_to_run_it(tmp_path):
    script = PROJECT / "scripts" / "synthetic_catalog.py"
    completed = subprocess.run([sys.executable, str(script), "100", str(tmp_path / "catalog")], capture_output=True,
                               text=True, cwd=tmp_path, timeout=300)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert "找不到 mkdocs.yml" in completed.stderr and not (tmp_path / "catalog").exists()


def test_project_is_found_from_a_folder_below_it(tmp_path):
    completed = run("check", cwd=PROJECT / "catalog" / "documents")
    assert completed.returncode == 0, completed.stderr


def _broken_copy(minimal_copy):
    catalog_file = minimal_copy / "decisions/2021/catalog.yaml"
    catalog_file.write_text(catalog_file.read_text(encoding="utf-8").replace("发布日期: 2021-03-01", "发布日期: 2021-02-30"), encoding="utf-8")
    return minimal_copy


def test_check_github_annotations(minimal_copy):
    completed = run("--catalog", "catalog", "check", "--format", "github", cwd=_broken_copy(minimal_copy).parent)
    assert completed.returncode == 1
    assert completed.stdout.splitlines() == [
        '::error file=catalog/decisions/2021/catalog.yaml,line=8,col=7,title=发布日期::"2021-02-30" 不是有效日期 — 请使用 YYYY-MM-DD，如 2021-03-01'
    ]


def test_check_json_output(minimal_copy):
    import json

    completed = run("--catalog", "catalog", "check", "--format", "json", cwd=_broken_copy(minimal_copy).parent)
    assert completed.returncode == 1
    report = json.loads(completed.stdout)
    assert report["ok"] is False and report["errors"] == 1
    assert report["problems"][0] == {
        "file": "catalog/decisions/2021/catalog.yaml", "line": 8, "column": 7, "field": "发布日期",
        "message": '"2021-02-30" 不是有效日期', "hint": "请使用 YYYY-MM-DD，如 2021-03-01", "severity": "error",
    }


def test_new_document_skeleton_has_every_field_and_next_numbers(minimal_copy):
    completed = run("--catalog", "catalog", "--today", "2021-12-01", "new", "document", "--prefix", "fx", cwd=minimal_copy.parent)
    assert completed.returncode == 0, completed.stderr
    created = minimal_copy / "documents" / "fx-2021-03.md"  # fx-2021-02 exists
    text = created.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "统一登记号: CSFG-2021-003" in text
    from gongkai.model import NormativeDocument

    for _name, info in NormativeDocument.model_fields.items():
        if info.alias != "正文":
            assert f"# {info.alias}：" in text, info.alias
    check = run("--catalog", "catalog", "check", cwd=minimal_copy.parent)
    assert check.returncode == 1
    assert "catalog/documents/fx-2021-03.md:" in check.stderr and "标题: 未填写" in check.stderr
    assert "\n保密审查:\n  # 审查人：必填" in text and "保密审查.审查人: 未填写" in check.stderr  # needed to publish


def test_new_decision_gets_next_number_and_schema_line(minimal_copy):
    completed = run("--catalog", "catalog", "new", "decision", "--year", "2021", cwd=minimal_copy.parent)
    assert completed.returncode == 0, completed.stderr
    text = (minimal_copy / "decisions" / "2021" / "2021-04.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../docs/schema/decisions.json\n")
    assert "\n序号: 4\n" in text


def test_new_annual_report_carries_last_years_open_applications(tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    completed = run("--catalog", "catalog", "--today", "2023-01-10", "new", "annual", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = (catalog / "annual" / "2022.yaml").read_text(encoding="utf-8")
    assert "上年结转: {自然人: 1, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 1}" in text  # 2021's 结转下年度
    assert text.count("{自然人: 0,") == 24 and "机关名称: 廉江市人民政府" in text
    checked = run("--catalog", "catalog", "--today", "2023-01-10", "check", cwd=tmp_path)
    assert checked.returncode == 1 and "annual/2022.yaml:7:6 总体情况: 未填写" in checked.stderr
    assert "GK-ANNUAL-REPORT" not in checked.stderr  # the file is there, its own problems are listed


def test_new_refuses_to_overwrite(minimal_copy):
    completed = run("--catalog", "catalog", "new", "decision-catalog", "--year", "2021", cwd=minimal_copy.parent)
    assert completed.returncode == 2 and "已存在" in completed.stderr


def test_every_command_has_chinese_help_with_an_example():
    top = run("--help")
    commands = ["check", "new", "render", "schema", "build", "serve"]
    for command in commands:
        assert command in top.stdout
        helped = run(command, "--help")
        assert helped.returncode == 0 and "示例" in helped.stdout, command


def test_format_check_passes_on_the_demo_catalog():
    completed = run("format", "--check")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "全部目录文件已是统一格式" in completed.stdout


def test_format_fixes_order_brackets_and_dates_and_keeps_comments(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    text = path.read_text(encoding="utf-8")
    messy = (text.replace("文号: 测府规〔2021〕2号", "文号: 测府规[2021]第2号")
                 .replace("发布日期: 2021-06-20", "发布日期: 2021/6/20")
                 .replace("标题: 测试市人民政府关于修改《测试市停车管理办法》的决定\n", "")
                 .replace("---\n将第一条", "# 经办人备注：请勿删除此行\n标题: 测试市人民政府关于修改《测试市停车管理办法》的决定\n---\n将第一条"))
    path.write_text(messy, encoding="utf-8")
    assert run("--catalog", "catalog", "check", cwd=minimal_copy.parent).returncode == 1
    assert run("--catalog", "catalog", "format", "--check", cwd=minimal_copy.parent).returncode == 1
    completed = run("--catalog", "catalog", "format", cwd=minimal_copy.parent)
    assert completed.returncode == 0 and "已改写：catalog/documents/fx-2021-02.md" in completed.stdout
    fixed = path.read_text(encoding="utf-8")
    keys = [line for line in fixed.split("\n")[1:] if not line.startswith("#")]
    assert keys[0].startswith("标题: ")  # the title moved back to the top
    assert "文号: 测府规〔2021〕2号" in fixed and "发布日期: 2021-06-20" in fixed
    assert "# 经办人备注：请勿删除此行" in fixed
    assert fixed.endswith(text.split("---\n", 2)[2])  # the full text is untouched
    assert run("--catalog", "catalog", "check", cwd=minimal_copy.parent).returncode == 0
    again = run("--catalog", "catalog", "format", cwd=minimal_copy.parent)
    assert "全部目录文件已是统一格式" in again.stdout


def test_format_converts_gbk_files_to_utf8(minimal_copy):
    path = minimal_copy / "decisions" / "2021" / "2021-02.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_bytes(original.replace("\n", "\r\n").encode("gb18030"))  # as Notepad on Chinese Windows saves it
    checked = run("--catalog", "catalog", "check", cwd=minimal_copy.parent)
    assert checked.returncode == 1 and "文件是 GBK/GB18030 编码，不是 UTF-8" in checked.stderr
    dry = run("--catalog", "catalog", "format", "--check", cwd=minimal_copy.parent)
    assert dry.returncode == 1 and "catalog/decisions/2021/2021-02.yaml（GBK 编码转换为 UTF-8）" in dry.stdout
    assert path.read_bytes() == original.replace("\n", "\r\n").encode("gb18030")  # --check writes nothing
    converted = run("--catalog", "catalog", "format", cwd=minimal_copy.parent)
    assert converted.returncode == 0, converted.stderr
    converted_text = path.read_text(encoding="utf-8")  # UTF-8 now, and then formatted like every file
    assert "\r" not in converted_text and "标题: 测试市旧城改造计划" in converted_text
    assert run("--catalog", "catalog", "check", cwd=minimal_copy.parent).returncode == 0


def test_schema_command_reports_up_to_date():
    completed = run("schema")
    assert completed.returncode == 0 and "docs/schema/ 已是最新。" in completed.stdout
