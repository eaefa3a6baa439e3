# beanlint developer commands. Run `make help` for the list.

GO            ?= go
# golangci-lint and goreleaser at the versions .ci/install pins, installed
# into .ci/bin on first use (GOLANGCI_LINT=golangci-lint uses one on PATH).
GOLANGCI_LINT ?= .ci/bin/golangci-lint
GORELEASER    ?= .ci/bin/goreleaser
VERSION       ?=
LDFLAGS       := $(if $(VERSION),-ldflags "-X main.version=$(VERSION)")

.PHONY: help build test demo lint vet bench bench-process docs golden snapshot

help: ## list targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build ./beanlint (VERSION=v1.2.3 stamps the version)
	$(GO) build $(LDFLAGS) -o beanlint ./cmd/beanlint

test: ## run every test
	$(GO) test ./...

# The broken example exits 1 (findings) by design; the demo shows it and then
# the fixed twin, which must lint clean.
demo: build ## lint the broken and the fixed example
	@echo '$$ beanlint examples/broken'
	@./beanlint examples/broken; status=$$?; \
		echo "(exit code $$status)"; \
		if [ $$status -ne 1 ]; then echo "make demo: expected exit code 1 for examples/broken" >&2; exit 1; fi
	@echo
	@echo '$$ beanlint examples/fixed'
	@./beanlint examples/fixed && echo "(exit code 0: clean)"

lint: ## golangci-lint (the pinned v2, installed into .ci/bin when missing)
	@if [ "$(GOLANGCI_LINT)" = .ci/bin/golangci-lint ]; then .ci/install golangci-lint; fi
	$(GOLANGCI_LINT) run ./...

# The release archives of every platform, as a tag would publish them, into
# dist/ (nothing is published; container images are skipped: they need a
# Docker daemon).
snapshot: ## release build of every platform into dist/ (GoReleaser snapshot)
	@if [ "$(GORELEASER)" = .ci/bin/goreleaser ]; then .ci/install goreleaser; fi
	$(GORELEASER) release --snapshot --clean --skip=docker,publish,sign,sbom,validate

vet: ## go vet
	$(GO) vet ./...

# In-process benchmarks, then whole processes side by side with the bare-parse
# floors and cfn-lint (docs/BENCHMARKS.md): builds beanlint and the floors,
# writes the synthetic inputs (no committed blobs) and compares. BENCHFLAGS go
# to benchcompare: -quick for a smoke run, -only NAME, -beanlint FILE to
# measure another build.
BENCHFLAGS ?=
bench: ## benchmarks, and the performance contract's ratios
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(MAKE) bench-process

bench-process: ## whole-process ratios only (BENCHFLAGS=-quick for a smoke run)
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/beanlint-bench.XXXXXX") && \
	trap 'rm -rf "$$dir"' EXIT INT TERM && \
	$(GO) build -o "$$dir/beanlint" ./cmd/beanlint && \
	for c in yamlfloor jsonfloor benchinputs benchcompare; do \
		$(GO) build -tags benchtools -o "$$dir/$$c" ./cmd/beanlint/internal/$$c || exit 1; \
	done && \
	"$$dir/benchinputs" "$$dir/inputs" && \
	"$$dir/benchcompare" -bin "$$dir" -inputs "$$dir/inputs" $(BENCHFLAGS)

docs: ## regenerate docs/rules/EBnnn.md and SARIF's rule catalog from the rules
	$(GO) test ./rules -run TestRuleDocs -update
	$(GO) test ./rules/report -run TestCatalogFile -update

# Every package whose tests define an -update flag rewrites its golden files,
# after the rule pages and SARIF's rule catalog (make docs), which the CLI's
# golden SARIF logs embed.
golden: docs ## regenerate golden files (review the diff!)
	@pkgs=$$(grep -rl --include='*_test.go' 'flag.Bool("update"' . | xargs -n1 dirname | sort -u); \
		echo "$(GO) test -update $$pkgs"; \
		for pkg in $$pkgs; do $(GO) test "$$pkg" -update || exit 1; done
