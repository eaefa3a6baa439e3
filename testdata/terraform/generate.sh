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
# A directory may hold terraform.tfstate (format version 4, written by hand)
# to plan an update of existing resources; it is used as is and left alone.
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

dirs=()
if [ "$#" -gt 0 ]; then
	for d in "$@"; do dirs+=("$(cd "$d" && pwd)"); done
else
	while IFS= read -r f; do
		dirs+=("$(dirname "$f")")
	done < <(grep -rl --include=main.tf '^# beanlint:generate' "$root" | sort)
fi

clean() {
	rm -rf "$1/.terraform" "$1/.terraform.lock.hcl" "$1/plan.out"
}

status=0
for d in "${dirs[@]}"; do
	rel="${d#"$root"/}"
	if ! grep -q '^# beanlint:generate' "$d/main.tf" 2>/dev/null; then
		echo "skip $rel: no '# beanlint:generate' line in main.tf" >&2
		continue
	fi
	echo "plan $rel" >&2
	if (
		cd "$d"
		terraform init -plugin-dir="$plugins" -input=false -no-color >/dev/null
		terraform plan -refresh=false -input=false -lock=false -no-color -out=plan.out >/dev/null
		terraform show -json plan.out | jq -c "$normalize" >plan.json.tmp
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
