#!/usr/bin/env bash
# Publish the built site to an intranet web server's directory with an atomic switch.
#
#   scripts/deploy_intranet.sh SITE_DIR TARGET
#
# The web server serves TARGET, a symbolic link. The new site is copied in full
# to TARGET.releases/<time>/ first; only then is the link replaced with one
# rename(2), so visitors see either the old site or the new one, never a
# half-copied mix. The three newest releases are kept for a quick rollback
# (point the link back with: ln -sfn TARGET.releases/<time> TARGET.tmp && mv -T TARGET.tmp TARGET).
#
# The HTTP security headers (Content-Security-Policy with frame-ancestors,
# nosniff, Referrer-Policy, X-Frame-Options; attachments as downloads) are
# installed beside the site in TARGET.conf/, for the web server to include once:
# nginx: include TARGET.conf/nginx-security-headers.conf (see scripts/deploy/nginx-zwgk.conf);
# Apache: Include TARGET.conf/apache-security-headers.conf.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "用法：scripts/deploy_intranet.sh 网站目录 目标路径   （例如 scripts/deploy_intranet.sh site /var/www/zwgk）" >&2
  exit 2
fi
site=$1
target=${2%/}
if [ ! -f "$site/index.html" ]; then
  echo "$site 中没有 index.html：请先运行 make build" >&2
  exit 1
fi
if [ -e "$target" ] && [ ! -L "$target" ]; then
  echo "$target 已存在且不是符号链接：请先把现有网站移走（例如改名为 $target.old），再运行本脚本" >&2
  exit 1
fi
releases="$target.releases"
release="$releases/$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir -p "$releases"
cp -a "$site/." "$release.partial/"
mv "$release.partial" "$release"
ln -sfn "$release" "$target.switch"
mv -T "$target.switch" "$target"
ls -1d "$releases"/*/ 2>/dev/null | sort | head -n -3 | xargs -r rm -rf
echo "已发布：$target -> $release"

# The headers follow the code that built the site; the server reads them only when reloaded.
snippets="$(cd "$(dirname "$0")" && pwd)/deploy"
conf="$target.conf"
mkdir -p "$conf"
changed=""
for name in nginx-security-headers.conf apache-security-headers.conf; do
  if ! cmp -s "$snippets/$name" "$conf/$name"; then
    cp "$snippets/$name" "$conf/$name.new"
    mv "$conf/$name.new" "$conf/$name"
    changed="yes"
  fi
done
if [ -n "$changed" ]; then
  echo "安全响应头配置已更新：$conf/ —— 首次部署请在 nginx 或 Apache 的站点配置中引用它（见 scripts/deploy/nginx-zwgk.conf），然后重新加载：nginx -t && nginx -s reload（Apache：apachectl configtest && apachectl graceful）"
fi
