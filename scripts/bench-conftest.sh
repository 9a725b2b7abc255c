#!/usr/bin/env bash
# Benchmarks mrapguard against conftest side by side in one run, on the same
# generated MRAP policies: one file (a cold process per file, as a pre-commit
# hook runs it) and a directory of 1000 files of 1-6 KB. Prints wall time,
# CPU time, peak RSS and the ratios mrapguard / conftest.
#
#   scripts/bench-conftest.sh [ROUNDS]
#
# conftest v0.71.1 is installed with `go install` into
# ${XDG_CACHE_HOME:-~/.cache}/mrapguard-bench the first time (about 100 MB,
# a minute or two); its rule set is scripts/bench/conftest-policy: 22 Rego
# rules doing comparable MRAP checks. Figures depend on the machine and its
# load: compare the ratios, and quote the command with them.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-15}
version=v0.71.1
cache=${XDG_CACHE_HOME:-$HOME/.cache}/mrapguard-bench
conftest=$cache/conftest-$version/conftest
if [ ! -x "$conftest" ]; then
	echo "installing conftest $version into $cache (once)..." >&2
	GOBIN=$cache/conftest-$version go install github.com/open-policy-agent/conftest@$version
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/mrapguard" .
go run ./internal/sample/gensample -n 1 -seed 7 -out "$work/one"
go run ./internal/sample/gensample -n 1000 -seed 1 -out "$work/many"

echo "mrapguard $(git describe --always --dirty 2>/dev/null || echo '?'), conftest $version, $(go version | cut -d' ' -f3), $(nproc) cores"
go run ./scripts/bench -rounds "$rounds" -mrapguard "$work/mrapguard" -conftest "$conftest" \
	-policy scripts/bench/conftest-policy "1 file=$work/one/p0000.json" "1000 files=$work/many"
