#!/usr/bin/env bash
# System packages the tests use: Debian's Chromium and a CJK font for the browser
# tests (never a downloaded browser; CHROMIUM may name another one), and nginx for
# the deploy test. Does nothing when they are present.
set -euo pipefail
missing=()
if [ -z "${CHROMIUM:-}" ] || [ ! -x "${CHROMIUM}" ]; then
  dpkg -s chromium >/dev/null 2>&1 || missing+=(chromium)
fi
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# The deploy test runs the shipped nginx server block for real (nginx -t, then its headers over HTTP).
dpkg -s nginx-light >/dev/null 2>&1 || missing+=(nginx-light)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "测试需要 Debian 软件包：${missing[*]}。请以 root 运行 apt-get install ${missing[*]}，或设置 CHROMIUM=浏览器路径。" >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt-get ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
