# Relève — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

# Builds are slow (HiGHS compiles from C++): keep one target directory outside the clone,
# shared by every clone and by CI on this machine. Override with CARGO_TARGET_DIR=...
export CARGO_TARGET_DIR ?= $(HOME)/.cache/releve-target
RELEVE := $(CARGO_TARGET_DIR)/debug/releve
BIND ?= 127.0.0.1:8080
DATA_DIR ?= data/demo

.PHONY: demo test deps-build deps-test ui build test-inner lint rust-test ui-test e2e-test

## demo: build the UI and the server, seed the demo data into the embedded SQLite, serve.
demo: deps-build ui
	cargo build --bin releve
	$(RELEVE) demo --bind $(BIND) --data-dir $(DATA_DIR) --static-dir frontend/dist

## test: every test, against throwaway PostgreSQL and Redis that are stopped even on failure.
test: deps-test
	bash infra/with-services.sh $(MAKE) --no-print-directory test-inner

test-inner: build lint rust-test ui-test e2e-test
	@echo "make test: all suites passed"

deps-build:
	bash infra/install-deps.sh build

deps-test:
	bash infra/install-deps.sh test

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

ui: frontend/node_modules/.package-lock.json
	cd frontend && npm run build

build: ui
	cargo build --workspace --all-targets

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd frontend && npm run lint

rust-test:
	cargo test --workspace

ui-test: frontend/node_modules/.package-lock.json
	cd frontend && npm test

e2e-test: build
	cd frontend && RELEVE_BIN=$(RELEVE) npm run test:e2e
