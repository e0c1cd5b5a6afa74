#!/usr/bin/env bash
# Debian's Chromium and a CJK font for the browser tests (never a downloaded
# browser). Does nothing when they are present or CHROMIUM names a browser.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ]; then
  exit 0
fi
missing=()
dpkg -s chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "浏览器测试需要 Debian 软件包：${missing[*]}。请以 root 运行 apt-get install ${missing[*]}，或设置 CHROMIUM=浏览器路径。" >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt-get ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
