#!/usr/bin/env bash
# generate.sh regenerates the committed Terraform plan fixtures: for every
# directory under testdata/ whose main.tf holds a "# beanlint:generate" line,
# it writes plan.json next to main.tf from a plan of that configuration.
#
# It needs the local terraform, jq and the AWS provider mirrored in
# /opt/tf-plugins (override with TF_PLUGIN_DIR); it works offline with the
# mock credentials the configurations declare. Tests never run it: CI has no
# terraform, so the generated plan.json files are committed.
#
# A directory may hold terraform.tfstate (format version 4, written by hand
# or by prior-state.py next to this script)
# to plan an update of existing resources; it is used as is and left alone.
#
# Git modules, offline: before planning, testdata/terraform/modules is
# committed to a local bare repository at $gitmodules/modules.git (the path
# is fixed, /tmp/beanlint-git-modules, because configurations name it in
# their source), so a configuration calls a module there as
#   source = "git::file:///tmp/beanlint-git-modules/modules.git//git-network"
# and terraform init fetches it with no network. A main.tf that also holds a
# "# beanlint:keep-modules" line keeps what terraform init installed:
# .terraform/modules/modules.json and the fetched code under
# .terraform/modules (the Git metadata removed), committed with the case so
# beanlint reads the module's source the way it does in an initialised
# working directory (.gitignore lets testdata/rules/*/*.tf/.terraform/modules
# through). Everything else of .terraform is removed as usual.
#
# Registry modules, offline: a main.tf that holds a
# "# beanlint:registry-modules" line commits .terraform/modules/modules.json
# as terraform init writes it for registry sources; before planning, each
# entry whose Source is registry.terraform.io/NS/NAME/PROVIDER[//SUBDIR] is
# installed into its Dir (less //SUBDIR) from the local stand-in
# testdata/terraform/registry/NS/NAME/PROVIDER/VERSION (see the README
# there). terraform init then reuses what is installed and contacts no
# registry. The installed tree is kept as with keep-modules.
#
# Usage: testdata/terraform/generate.sh [DIR ...]   (default: every marked dir)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)" # testdata/
plugins="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
# Terraform writes two things that change from run to run: "timestamp" (the
# time of planning) and the order of "relevant_attributes". Fix the one and
# sort the other, so regenerating an unchanged configuration leaves plan.json
# byte-identical. jq -c keeps Terraform's key order and compact layout.
normalize='.timestamp = "2025-01-01T00:00:00Z"
	| if .relevant_attributes then .relevant_attributes |= sort_by(.resource, (.attribute | tojson)) else . end'

export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

gitmodules=/tmp/beanlint-git-modules
rm -rf "$gitmodules"
mkdir -p "$gitmodules"
git init -q "$gitmodules/work"
cp -R "$root/terraform/modules/." "$gitmodules/work/"
git -C "$gitmodules/work" add -A
GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z \
	git -C "$gitmodules/work" -c user.name=beanlint -c user.email=beanlint@example.invalid \
	commit -q -m "testdata/terraform/modules"
git clone -q --bare "$gitmodules/work" "$gitmodules/modules.git"

dirs=()
if [ "$#" -gt 0 ]; then
	for d in "$@"; do dirs+=("$(cd "$d" && pwd)"); done
else
	while IFS= read -r f; do
		dirs+=("$(dirname "$f")")
	done < <(grep -rl --include=main.tf '^# beanlint:generate' "$root" | sort)
fi

# install_registry installs the registry modules the committed manifest of
# dir lists from testdata/terraform/registry.
install_registry() {
	local dir="$1" manifest="$1/.terraform/modules/modules.json" src ver mdir pkg sub dest
	jq -r '.Modules[] | select(.Source | startswith("registry.terraform.io/")) | [.Source, .Version, .Dir] | @tsv' "$manifest" |
		while IFS=$'\t' read -r src ver mdir; do
			pkg="${src#registry.terraform.io/}"
			sub=""
			if [[ "$pkg" == *//* ]]; then
				sub="${pkg#*//}"
				pkg="${pkg%%//*}"
			fi
			dest="$dir/$mdir"
			[ -z "$sub" ] || dest="${dest%/"$sub"}"
			if [ ! -d "$root/terraform/registry/$pkg/$ver" ]; then
				echo "no stand-in for $src $ver under testdata/terraform/registry" >&2
				return 1
			fi
			rm -rf "$dest"
			mkdir -p "$dest"
			cp -R "$root/terraform/registry/$pkg/$ver/." "$dest/"
		done
}

keeps_modules() {
	grep -q '^# beanlint:keep-modules\|^# beanlint:registry-modules' "$1/main.tf" 2>/dev/null
}

clean() {
	if keeps_modules "$1" && [ -d "$1/.terraform/modules" ]; then
		find "$1/.terraform" -mindepth 1 -maxdepth 1 ! -name modules -exec rm -rf {} +
		find "$1/.terraform/modules" -name .git -prune -exec rm -rf {} +
	else
		rm -rf "$1/.terraform"
	fi
	rm -rf "$1/.terraform.lock.hcl" "$1/plan.out"
}

status=0
for d in "${dirs[@]}"; do
	rel="${d#"$root"/}"
	if ! grep -q '^# beanlint:generate' "$d/main.tf" 2>/dev/null; then
		echo "skip $rel: no '# beanlint:generate' line in main.tf" >&2
		continue
	fi
	echo "plan $rel" >&2
	registry=""
	if grep -q '^# beanlint:registry-modules' "$d/main.tf"; then
		registry="$(cat "$d/.terraform/modules/modules.json")"
	fi
	rm -rf "$d/.terraform" # a kept module tree is installed afresh
	if [ -n "$registry" ]; then
		mkdir -p "$d/.terraform/modules"
		printf '%s\n' "$registry" >"$d/.terraform/modules/modules.json"
	fi
	if [ -n "$registry" ] && ! install_registry "$d"; then
		echo "FAILED $rel" >&2
		status=1
		continue
	fi
	# Chained with &&: errexit does not apply inside an if condition.
	if (
		cd "$d" &&
			terraform init -plugin-dir="$plugins" -input=false -no-color >/dev/null &&
			terraform plan -refresh=false -input=false -lock=false -no-color -out=plan.out >/dev/null &&
			terraform show -json plan.out | jq -c "$normalize" >plan.json.tmp &&
			mv plan.json.tmp plan.json
	); then
		:
	else
		echo "FAILED $rel" >&2
		rm -f "$d/plan.json.tmp"
		status=1
	fi
	clean "$d"
done
exit "$status"
