#!/usr/bin/env bash
# OpenFisca against guidec's reference interpreter, in one run, on the counts-only FAMI 2025
# dentists population (GUIDEC_POPULATION practitioners, default 1 000 000). Installs nothing:
# `pip install openfisca-core numpy` first.
#
#   bash benches/openfisca/run.sh [CSV]     (default /tmp/fami.csv, written when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
export GUIDEC_POPULATION="${GUIDEC_POPULATION:-1000000}"
csv="${1:-/tmp/fami.csv}"

echo "load before: $(uptime)"

# 1. The population, with the interpreter's totals, unless the CSV holds it already.
if [[ ! -f "$csv" ]] || (( $(wc -l < "$csv") != GUIDEC_POPULATION + 1 )); then
    cargo run --release -q -p guidec-conformance --example dump_population -- "$GUIDEC_POPULATION" "$csv"
fi
csv_sum=$(awk -F, 'NR > 1 { s += $NF } END { printf "%.0f", s }' "$csv")
echo "csv: $GUIDEC_POPULATION practitioners, sum of total_cents $csv_sum"

# 2. OpenFisca (its script checks every total against the CSV's and fails on a mismatch).
# Twice: statuses as enum members (the usual style), then as the members' indices.
python3 benches/openfisca/fami_2025.py "$csv"
OPENFISCA_STATUS_AS_INDEX=1 python3 benches/openfisca/fami_2025.py "$csv"

# 3. guidec on the same population: the instructions benchmark outside callgrind (it draws the
# population itself, then times `GUIDEC_PASSES` passes of `evaluate_into` and keeps the fastest),
# the interpreter then the generated code.
binary=$(cargo bench -p guidec-conformance --bench instructions --no-run 2>&1 \
    | sed -n 's/.*Executable .*(\(.*instructions-[0-9a-f]*\)).*/\1/p' | tail -n 1)
[[ -x "$binary" ]] || { echo "instructions benchmark not built" >&2; exit 1; }
export GUIDEC_PASSES="${GUIDEC_PASSES:-5}"
for engine in interpreter_batch generated; do
    line=$("$binary" fami_counts "$engine")
    # "fami_counts interpreter_batch: total 123, 4.56 million a second"
    checksum=$(sed -n 's/.*total \(-\{0,1\}[0-9]*\),.*/\1/p' <<< "$line")
    rate=$(sed -n 's/.*, \([0-9.]*\) million a second/\1/p' <<< "$line")
    if [[ "$checksum" != "$csv_sum" ]]; then
        echo "checksum $checksum differs from the CSV's sum $csv_sum" >&2
        exit 1
    fi
    echo "guidec $engine: best of $GUIDEC_PASSES passes $rate million evaluations a second; checksum equals the CSV's sum"
done

echo "load after: $(uptime)"
