#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seeds of each fuzz target, copied from the
# repository's own test files (the same list as `SEEDS` in fuzz/src/lib.rs, which
# tests/it/fuzz_targets.rs replays). The corpus folders are not committed: libFuzzer adds
# to them as it runs, and this script can always make them again.
set -euo pipefail
cd "$(dirname "$0")/.."

# seed TARGET SOURCE EXTENSION...: SOURCE is a file, or a folder whose files (not
# recursively) with one of the extensions are copied.
seed() {
    local target=$1 source=$2
    shift 2
    local dir="fuzz/corpus/$target"
    mkdir -p "$dir"
    local files=()
    if [[ -d $source ]]; then
        for ext in "$@"; do
            for f in "$source"/*."$ext"; do
                [[ -f $f ]] && files+=("$f")
            done
        done
    else
        files=("$source")
    fi
    for f in "${files[@]}"; do
        # Named after the source path, so seeds of the same name do not overwrite each other.
        cp "$f" "$dir/$(echo "${f#./}" | tr '/' '_')"
    done
}

workbooks=(xlsx xlsb xls ods csv)
seed intake_workbook tests/corpus/messy "${workbooks[@]}"
seed intake_workbook tests/corpus/hostile "${workbooks[@]}"
seed intake_workbook tests/fixtures/formats "${workbooks[@]}"
seed intake_workbook tests/cases/csv_returns_in_gbk_and_utf8/returns/2025 "${workbooks[@]}"

seed catalog_yaml sample-data/zhuzhou yaml
seed catalog_yaml sample-data/luoyang yaml
seed catalog_yaml sample-data/changning yaml
seed catalog_yaml tests/cases/derived_from_parts/plan.yaml
seed catalog_yaml tests/cases/directional_and_about_targets/plan.yaml
seed catalog_yaml tests/cases/qualitative_goals_and_evaluation_reports/plan.yaml

seed markdown sample-data/zhuzhou/returns/women/2025 md
seed markdown tests/cases/qualitative_goals_and_evaluation_reports/returns/2025 md
seed markdown sample-data/zhuzhou md
seed markdown docs md

for target in intake_workbook catalog_yaml markdown; do
    echo "fuzz/corpus/$target: $(find "fuzz/corpus/$target" -type f | wc -l) files"
done
