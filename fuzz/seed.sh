#!/usr/bin/env bash
# Seeds the fuzzing corpora from the repository: every spec of specs/ and tests/check/ for the
# front end, every prose block (between triple quotes) of specs/ for the Markdown renderers.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/spec_front_end corpus/markdown corpus/case_reader corpus/spec_diff
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
# Case files (good and bad) for the case reader, and every input that once broke a promise.
for f in $(find ../tests/cases ../tests/case_errors -name '*.yaml') regressions/case_reader/*; do
  [ -e "$f" ] && cp "$f" "corpus/case_reader/$(echo "${f#../}" | tr / -)"
done
# Each spec with the next one of the folder, cut by `=====` as the target reads them; each alone.
python3 - <<'PY'
import glob, os
specs = sorted(glob.glob('../specs/*/*.guide'))
for old, new in zip(specs, specs[1:]):
    name = '%s--%s' % (os.path.basename(old), os.path.basename(new))
    text = open(old, encoding='utf-8').read() + '\n=====\n' + open(new, encoding='utf-8').read()
    open(os.path.join('corpus/spec_diff', name), 'w', encoding='utf-8').write(text)
for f in specs + sorted(glob.glob('regressions/spec_diff/*')):
    open(os.path.join('corpus/spec_diff', os.path.basename(f)), 'w', encoding='utf-8').write(open(f, encoding='utf-8').read())
PY
echo "corpus: $(ls corpus/spec_front_end | wc -l) specs, $(ls corpus/markdown | wc -l) prose blocks, $(ls corpus/case_reader | wc -l) case files, $(ls corpus/spec_diff | wc -l) spec pairs"
