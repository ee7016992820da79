#!/bin/sh
# Converts every .xlsx of a corpus folder (the mapping file 指标对照.xlsx excepted) to .xls
# and .ods with LibreOffice, beside the originals:
#   sh tests/corpus/convert.sh tests/corpus/real
# LibreOffice computes formulas saved without a result while converting, so the .xls and
# .ods files hold those results.
set -e
dir=${1:?usage: convert.sh CORPUS_DIR}
tmp=$(mktemp -d)
for f in "$dir"/*.xlsx; do
    case "$(basename "$f")" in
        指标对照.xlsx) continue ;;
    esac
    cp "$f" "$tmp/"
done
for format in xls ods; do
    soffice -env:UserInstallation="file://$tmp/profile" --headless \
        --convert-to "$format" --outdir "$dir" "$tmp"/*.xlsx
done
rm -rf "$tmp"
