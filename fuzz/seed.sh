#!/usr/bin/env bash
# Seeds the fuzzing corpora from the repository: every spec of specs/ and tests/check/ for the
# front end, every prose block (between triple quotes) of specs/ for the Markdown renderers.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/spec_front_end corpus/markdown
for f in ../specs/*/*.guide ../tests/check/*.guide ../tests/check/regressions/*.guide; do
  [ -e "$f" ] && cp "$f" "corpus/spec_front_end/$(echo "${f#../}" | tr / -)"
done
python3 - <<'PY'
import glob, os, re
n = 0
for f in sorted(glob.glob('../specs/*/*.guide')):
    for m in re.finditer(r'"""(.*?)"""', open(f, encoding='utf-8').read(), re.S):
        n += 1
        name = '%s-%03d.md' % (os.path.basename(f)[:-len('.guide')], n)
        open(os.path.join('corpus/markdown', name), 'w', encoding='utf-8').write(m.group(1))
PY
echo "corpus: $(ls corpus/spec_front_end | wc -l) specs, $(ls corpus/markdown | wc -l) prose blocks"
