"""CI definitions are linted offline with real tools; the intranet deploy switches atomically."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import PROJECT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))


def run(*command, cwd=PROJECT):
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_github_workflows_match_the_bundled_schema():
    completed = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_gitlab_ci_matches_the_bundled_schema():
    completed = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", PROJECT / ".gitlab-ci.yml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_zizmor_finds_nothing_offline():
    completed = run(BIN / "zizmor", "--offline", PROJECT / ".github" / "workflows")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_action_is_pinned_to_a_commit_sha():
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\b", line), f"{workflow.name}: {line.strip()}"


def test_pages_deploy_is_least_privilege_and_serialised():
    text = (PROJECT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "permissions: {}" in text and "pages: write" in text and "id-token: write" in text
    assert "group: pages" in text and "cancel-in-progress: false" in text
    assert "upload-pages-artifact@" in text and "deploy-pages@" in text


def test_intranet_deploy_switches_atomically(tmp_path):
    script = PROJECT / "scripts" / "deploy_intranet.sh"
    target = tmp_path / "www" / "zwgk"
    target.parent.mkdir()
    releases = []
    for version in ("一", "二", "三", "四"):
        site = tmp_path / f"site-{version}"
        site.mkdir()
        (site / "index.html").write_text(f"第{version}版", encoding="utf-8")
        completed = run("bash", script, site, target)
        assert completed.returncode == 0, completed.stderr
        assert target.is_symlink() and (target / "index.html").read_text(encoding="utf-8") == f"第{version}版"
        releases.append(os.readlink(target))
    assert len(set(releases)) == 4
    kept = sorted(p.name for p in (tmp_path / "www" / "zwgk.releases").iterdir())
    assert len(kept) == 3 and not any(name.endswith(".partial") for name in kept)


def test_intranet_deploy_refuses_a_missing_build(tmp_path):
    completed = run("bash", PROJECT / "scripts" / "deploy_intranet.sh", tmp_path / "nothing", tmp_path / "www")
    assert completed.returncode == 1 and "make build" in completed.stderr


DEPLOY = PROJECT / "scripts" / "deploy"


def _nginx_headers(text: str) -> dict:
    return dict(re.findall(r'^\s*add_header ([\w-]+) "([^"]*)" always;$', text, re.M))


def _apache_headers(text: str) -> dict:
    return dict(re.findall(r'^\s*Header always set ([\w-]+) "([^"]*)"$', text, re.M))


def test_server_headers_are_the_policy_every_page_carries():
    from gongkai.htmlsafety import SECURITY_HEADERS, header_policy, page_policy

    expected = dict(SECURITY_HEADERS)
    assert expected["Content-Security-Policy"] == header_policy() == page_policy() + "; frame-ancestors 'self'"
    assert expected["X-Content-Type-Options"] == "nosniff" and expected["X-Frame-Options"] == "SAMEORIGIN"
    nginx = _nginx_headers((DEPLOY / "nginx-security-headers.conf").read_text(encoding="utf-8"))
    apache = (DEPLOY / "apache-security-headers.conf").read_text(encoding="utf-8")
    site_wide = _apache_headers(apache.split("<Location")[0])
    assert nginx == expected, "scripts/deploy/nginx-security-headers.conf 须与 htmlsafety.SECURITY_HEADERS 一致"
    assert site_wide == expected, "scripts/deploy/apache-security-headers.conf 须与 htmlsafety.SECURITY_HEADERS 一致"


def test_attachments_are_downloads_with_every_header_kept():
    from gongkai.htmlsafety import ATTACHMENT_HEADERS

    server = (DEPLOY / "nginx-zwgk.conf").read_text(encoding="utf-8")
    files = re.search(r"location /files/ \{(.*?)\n    \}", server, re.S).group(1)
    # add_header inside a location replaces the server's: the headers are included again there.
    assert "include /var/www/zwgk.conf/nginx-security-headers.conf;" in files
    assert _nginx_headers(files) == dict(ATTACHMENT_HEADERS)
    assert server.count("include /var/www/zwgk.conf/nginx-security-headers.conf;") == 2
    apache = (DEPLOY / "apache-security-headers.conf").read_text(encoding="utf-8")
    location = re.search(r'<Location "/files/">(.*?)</Location>', apache, re.S).group(1)
    assert _apache_headers(location) == dict(ATTACHMENT_HEADERS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nginx_serves_the_security_headers(tmp_path):
    """The shipped server block, run by a real nginx (make test installs it): pages carry the
    policy headers, attachments are download-only."""
    from gongkai.htmlsafety import SECURITY_HEADERS

    assert shutil.which("nginx"), "make test 会用 apt 安装 nginx-light（scripts/install_browser.sh）"
    (tmp_path / "zwgk" / "files").mkdir(parents=True)
    (tmp_path / "zwgk" / "index.html").write_text("<p>网站</p>", encoding="utf-8")
    (tmp_path / "zwgk" / "files" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    conf = tmp_path / "zwgk.conf"
    conf.mkdir()
    shutil.copy(DEPLOY / "nginx-security-headers.conf", conf)
    port = _free_port()
    server = (DEPLOY / "nginx-zwgk.conf").read_text(encoding="utf-8").replace("/var/www/zwgk", str(tmp_path / "zwgk"))
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest folder
    main = tmp_path / "nginx.conf"
    main.write_text(f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\ndaemon off;\nevents {{}}\n"
                    f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\nproxy_temp_path {tmp_path};\n"
                    f"fastcgi_temp_path {tmp_path};\nuwsgi_temp_path {tmp_path};\nscgi_temp_path {tmp_path};\n{server}\n}}\n",
                    encoding="utf-8")
    tested = run("nginx", "-t", "-p", tmp_path, "-c", main)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(main)], stderr=subprocess.PIPE)
    try:
        page = _get(f"http://127.0.0.1:{port}/")
        attachment = _get(f"http://127.0.0.1:{port}/files/a.pdf")
    finally:
        process.terminate()
        process.wait(timeout=10)
    for name, value in SECURITY_HEADERS:
        assert page.headers[name] == value and attachment.headers[name] == value, name
    assert page.headers.get("Content-Disposition") is None
    assert attachment.headers["Content-Disposition"] == "attachment"


def _get(url: str):
    for _ in range(50):
        try:
            return urllib.request.urlopen(url, timeout=5)
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.1)
    raise AssertionError(f"nginx did not answer {url}")


def test_intranet_deploy_installs_the_header_snippets(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("网站", encoding="utf-8")
    target = tmp_path / "www" / "zwgk"
    target.parent.mkdir()
    first = run("bash", PROJECT / "scripts" / "deploy_intranet.sh", site, target)
    assert first.returncode == 0, first.stderr
    for name in ("nginx-security-headers.conf", "apache-security-headers.conf"):
        installed = tmp_path / "www" / "zwgk.conf" / name
        assert installed.read_bytes() == (DEPLOY / name).read_bytes()
    assert "安全响应头配置已更新" in first.stdout and "nginx -t" in first.stdout
    again = run("bash", PROJECT / "scripts" / "deploy_intranet.sh", site, target)
    assert again.returncode == 0 and "安全响应头配置已更新" not in again.stdout  # unchanged: no reload needed
