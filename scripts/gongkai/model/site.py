"""catalog/site.yaml: what the site says about itself and who runs it.

Several of these values are written by the theme into every page as they are
(the name, the government in the copyright line, the site address in
<link rel="canonical">, the 404 page, the sitemap and the feeds), so they are
held to what is safe there: names without markup characters, addresses that
are plain absolute http(s) URLs, parsed and rewritten in one canonical form.
"""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Annotated, Optional
from urllib.parse import quote, urlsplit

from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .common import CatalogModel, Link, Text, YesNo


def _plain(value: str) -> str:
    # The theme writes the site's name and copyright into every page as they are.
    if any(ch in value for ch in "<>&\"'"):
        raise PydanticCustomError("gk_plain", "不能包含 < > & \" '", {"value": value})
    return value


PlainText = Annotated[Text, AfterValidator(_plain)]

SITE_URL_EXAMPLE = "https://gk.lianjiang.example/"
REPOSITORY_EXAMPLE = "https://git.example/gk/catalog"
_MAX_URL = 2000
_DNS_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~/]|%[0-9A-Fa-f]{2})*$")
_HAS_DOT_SEGMENT = re.compile(r"(?:^|/)\.{1,2}(?:/|$)")
_NOT_IN_URLS = "\"'<>\\`"  # quotes and angle brackets end an attribute; \ reads as /


def _address_problem(value: str, example: str, problem: str) -> PydanticCustomError:
    shown = value if len(value) <= 40 else value[:40] + "…"
    # The message carries the example itself: messages.translate shows a
    # custom error's text with a generic hint.
    return PydanticCustomError(
        "gk_site_url", "\"{shown}\" {problem}；应为以 http:// 或 https:// 开头的完整网址，如 {example}",
        {"value": value, "shown": shown, "problem": problem, "example": example,
         "hint": "网址会写入每个网页的链接、站点地图和订阅源，只接受普通的 http(s) 网址"},
    )


def _unsafe_character(value: str) -> Optional[str]:
    for ch in value:
        if ch.isspace():
            return "空格或换行"
        if ch in _NOT_IN_URLS:
            return f"符号 {ch}"
        if unicodedata.category(ch) in ("Cc", "Cf"):
            return f"不可见的控制字符 U+{ord(ch):04X}"
    return None


def _host(hostname: str) -> Optional[str]:
    """The host as it belongs in a URL (IDN as xn--, IPv6 in brackets), or None if it is no host."""
    try:
        address = ipaddress.ip_address(hostname)
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    except ValueError:
        pass
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_DNS_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():  # 10.1.2 would be read as an IPv4 address
        return None
    return ascii_host


def canonical_address(value: str, example: str, directory: bool) -> str:
    """An absolute http(s) URL in one canonical form, or a PydanticCustomError saying what is wrong.
    `directory`: the address of a site, with the trailing slash pages are joined to;
    otherwise without it (a repository, to which paths are appended after a slash)."""
    if len(value) > _MAX_URL:
        raise _address_problem(value, example, f"太长（超过 {_MAX_URL} 个字符）")
    unsafe = _unsafe_character(value)
    if unsafe:
        raise _address_problem(value, example, f"含有{unsafe}，网址中不能有空格、引号、尖括号、反斜杠或控制字符")
    if "?" in value or "#" in value:
        raise _address_problem(value, example, "含有 ? 或 #，这里只填网站的地址，不带查询参数或页内位置")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise _address_problem(value, example, "不是有效的网址（域名或端口写法有误）") from None
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(("http://", "https://")):
        problem = "只能是 http 或 https 网址" if "://" in value else "缺少开头的 http:// 或 https://"
        raise _address_problem(value, example, problem)
    if "@" in parts.netloc:
        raise _address_problem(value, example, "含有 @（用户名或密码），网址中不能写登录信息")
    host = _host(parts.hostname or "")
    if host is None:
        raise _address_problem(value, example, "的域名无效，域名只能由字母、数字、连字符和点组成")
    path = quote(parts.path, safe="/%-._~")  # Chinese folder names become %XX
    if not _PATH.match(path):
        raise _address_problem(value, example, "的路径中有不能用于网址的字符")
    if _HAS_DOT_SEGMENT.search(path) or "//" in path:
        raise _address_problem(value, example, "的路径中有 . 、.. 或连续的 /")
    scheme = parts.scheme.lower()
    default_port = {"http": 80, "https": 443}[scheme]
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    path = path.rstrip("/")
    return f"{scheme}://{netloc}{path}/" if directory else f"{scheme}://{netloc}{path}"


def _site_url(value: str) -> str:
    return canonical_address(value, SITE_URL_EXAMPLE, directory=True)


def _repository_url(value: str) -> str:
    return canonical_address(value, REPOSITORY_EXAMPLE, directory=False)


_BRANCH = re.compile(r"^(?![-/.])[\w./-]+(?<![/.])$")


def _branch(value: str) -> str:
    # Part of every page's link to the repository.
    if not _BRANCH.match(value) or ".." in value or "//" in value:
        raise PydanticCustomError(
            "gk_site_branch", "\"{value}\" 不是有效的分支名；只能用字母、数字、汉字、点、连字符、下划线和 /，如 main",
            {"value": value, "hint": "分支名会写入每个网页的源文件链接"},
        )
    return value


_URL_SCHEMA = {"type": "string", "pattern": "^https?://[^\\s\"'<>\\\\`?#@]+$", "maxLength": _MAX_URL}
# Links first (javascript: and other schemes get the links' own message), then held to more.
SiteUrl = Annotated[Link, AfterValidator(_site_url), WithJsonSchema(_URL_SCHEMA)]
RepositoryUrl = Annotated[Link, AfterValidator(_repository_url), WithJsonSchema(_URL_SCHEMA)]
Branch = Annotated[Text, AfterValidator(_branch), WithJsonSchema({"type": "string", "pattern": "^[^\\s\"'<>\\\\`]+$"})]


class SiteSettings(CatalogModel):
    name: PlainText = Field(alias="网站名称", description="如 廉江市人民政府 政务公开")
    government: PlainText = Field(alias="机关名称", description="如 廉江市人民政府")
    office: Text = Field(alias="公开工作机构", description="负责政府信息公开工作的机构")
    address: Optional[Text] = Field(default=None, alias="办公地址")
    phone: Optional[Text] = Field(default=None, alias="联系电话")
    hours: Optional[Text] = Field(default=None, alias="办公时间")
    url: Optional[SiteUrl] = Field(default=None, alias="网站地址",
                                   description=f"网站的公开网址，如 {SITE_URL_EXAMPLE} ；订阅源、数据目录和站点地图据此写成完整网址")
    data_licence: Text = Field(default="可免费下载、使用和转载，请注明来源", alias="数据使用许可",
                               description="开放数据页面和数据目录中说明的使用许可")
    repository: Optional[RepositoryUrl] = Field(default=None, alias="源文件仓库",
                                                description=f"如 {REPOSITORY_EXAMPLE} ；填写后每页链接到源文件")
    branch: Branch = Field(default="main", alias="分支")
    compliance_in_nav: YesNo = Field(default=False, alias="合规报告列入导航",
                                     description="填 是 时，合规检查报告（/compliance/）出现在网站导航中；默认不列入，只供工作人员通过网址访问")
    sample_site: YesNo = Field(default=False, alias="示例站点", description="整站为演示数据时填 是，页头显示示例提示")
