#!/bin/sh
# pre-commit.sh: the entry of the hooks in .pre-commit-hooks.yaml.
#
# pre-commit clones this repository into its cache and runs this script
# from there (language: script), so it works with Debian's pre-commit and a
# C toolchain only: the first run builds cidrlint into the clone (cmake,
# pkg-config, libyaml-dev, libcjson-dev, libpcre2-dev, zlib1g-dev), later runs reuse it.
# Set CIDRLINT to use a cidrlint that is already installed instead.
set -eu
if [ -n "${CIDRLINT:-}" ]; then
	exec "$CIDRLINT" "$@"
fi
src=$(cd "$(dirname "$0")/.." && pwd)
build="$src/build-pre-commit"
if [ ! -x "$build/cidrlint" ]; then
	# one build at a time, even if pre-commit runs hooks in parallel
	lock="$src/.build-lock"
	while ! mkdir "$lock" 2>/dev/null; do
		sleep 1
	done
	trap 'rmdir "$lock" 2>/dev/null' EXIT INT TERM
	if [ ! -x "$build/cidrlint" ]; then
		# measured: 6 s of CPU, 10 to 30 s on two busy cores
		echo "cidrlint: building once in $build (about half a minute on two cores;" \
			"set CIDRLINT to an installed cidrlint to skip it)" >&2
		start=$(date +%s)
		if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
		       cmake --build "$build" --target cidrlint -j 2; } >"$src/build-pre-commit.log" 2>&1; then
			echo "cidrlint: the build failed; see $src/build-pre-commit.log" >&2
			echo "cidrlint: it needs cmake, pkg-config, a C compiler, libyaml-dev, libcjson-dev, libpcre2-dev and zlib1g-dev" >&2
			exit 2
		fi
		echo "cidrlint: built in $(($(date +%s) - start)) s; later runs reuse it" >&2
	fi
	rmdir "$lock" 2>/dev/null || true
	trap - EXIT INT TERM
fi
exec "$build/cidrlint" "$@"
