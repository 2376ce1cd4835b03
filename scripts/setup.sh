#!/usr/bin/env bash
# Set up from nothing: what README.md's first command needs before it builds the seeds brief.
#   Debian packages (fonts, Pango, cmark-gfm), then .venv with briefing and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v '^#' scripts/debian-packages.txt | grep -v '^$')
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# An editable install is not byte-compiled as a wheel's is: without this, every run (and every
# run where PYTHONDONTWRITEBYTECODE is set) compiles the package from source, a tenth of start-up.
.venv/bin/python -m compileall -q briefing
