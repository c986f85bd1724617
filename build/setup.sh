#!/usr/bin/env bash
# Brings a machine to where `npm start` and `npm test` work: system packages (token, validators,
# browser, CJK fonts) and node_modules. Idempotent and quick when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# ghostscript, python3-pikepdf and libreoffice-writer-nogui write the real-world test corpus (issue 24).
APT_PACKAGES=(softhsm2 opensc poppler-utils qpdf openssl chromium fonts-noto-cjk fonts-wqy-zenhei mupdf-tools libnss3-tools
  ghostscript python3-pikepdf libreoffice-writer-nogui)
# The command that proves each package is there, in the same order. pikepdf is the system Python's (/usr/bin/python3).
PROBES=(softhsm2-util pkcs11-tool pdfsig qpdf openssl chromium "fc-list :lang=zh" /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc mutool certutil
  gs /usr/lib/python3/dist-packages/pikepdf/__init__.py soffice)

missing=()
for i in "${!APT_PACKAGES[@]}"; do
  probe=${PROBES[$i]}
  if [[ $probe == /* ]]; then
    [ -f "$probe" ] && continue
  elif [[ $probe == fc-list* ]]; then
    command -v fc-list >/dev/null && [ -n "$($probe 2>/dev/null | head -n1)" ] && continue
  else
    command -v "$probe" >/dev/null 2>&1 && continue
  fi
  missing+=("${APT_PACKAGES[$i]}")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq >&2
    # Without recommends: every package needed is listed above, and LibreOffice's recommends (Java, a desktop's
    # worth of fonts and helpers) would add about a gigabyte.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "setup: (macOS: brew install softhsm opensc poppler qpdf; Windows: see README)" >&2
  fi
fi

# The Electron binary is downloaded from outside the npm registry; where that is impossible the web
# shell serves the same UI, so the install must not fail on it.
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
# The stamp holds what node_modules was installed for (the lock file's content and Node's module ABI,
# which the native addons are built against), not a time: git sets times at checkout, so a fresh clone
# given an existing node_modules would otherwise reinstall everything.
stamp=node_modules/.sealdesk-installed
installed_for="$(sha256sum <package-lock.json | cut -d" " -f1) abi-$(node -p process.versions.modules)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$installed_for" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
  echo "$installed_for" >"$stamp"
fi
