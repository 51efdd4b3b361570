# Cordon's two promises: `make run` and `make test` work on a fresh Debian 12 machine.
# Everything else here is a step of those two.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
# The desktop binary always serves the built UI from inside itself (no dev server), in tests too,
# so the app that is tested is the app that is run.
DESKTOP_FEATURES := --features cordon-desktop/custom-protocol
APP_BIN := $(CARGO_TARGET_DIR)/debug/cordon-desktop

.PHONY: run test setup ui app bindings bundle lint test-rust test-ui test-crash test-sync test-e2e bench clean

## run: install what is missing, build the UI and the app, start it (demo workspace on first run)
run: app
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "run: no display found; starting Cordon under Xvfb (headless)"; \
	  CORDON_DEMO=1 xvfb-run -a "$(APP_BIN)"; \
	else \
	  CORDON_DEMO=1 "$(APP_BIN)"; \
	fi

## test: everything — formatting, lints, Rust tests, UI tests, end-to-end journeys under Xvfb
test: lint test-rust test-ui test-crash test-sync test-e2e

setup:
	@bash scripts/setup-debian.sh
	@[ -d ui/node_modules ] && [ ui/node_modules/.package-lock.json -nt ui/package-lock.json ] || npm --prefix ui ci --no-audit --no-fund
	@[ -d tests/e2e/node_modules ] && [ tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package-lock.json ] || npm --prefix tests/e2e ci --no-audit --no-fund

ui: setup
	npm --prefix ui run build

app: ui
	cargo build -p cordon-desktop $(DESKTOP_FEATURES)
	cargo build -p cordon-cli

## bindings: regenerate ui/src/bindings.ts from the Rust commands (make test fails when stale)
bindings: ui
	UPDATE_BINDINGS=1 cargo test -p cordon-desktop $(DESKTOP_FEATURES) --test bindings

lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets $(DESKTOP_FEATURES) -- -D warnings
	npm --prefix ui run lint
	npm --prefix ui run typecheck

test-rust: ui
	CORDON_REQUIRE_KEYCHAIN=1 scripts/with-keychain.sh cargo test --workspace $(DESKTOP_FEATURES)

test-ui: setup
	npm --prefix ui test

## test-crash: 50 CLI writers killed with SIGKILL mid-run; the workspace stays sound and keeps
## every acknowledged write (`tests/crash/kill-loop.sh 1000` for the long run)
test-crash:
	cargo build -p cordon-cli
	CORDON_BIN="$(CARGO_TARGET_DIR)/debug/cordon" tests/crash/kill-loop.sh 50

## test-sync: the sync story through the CLI against a real cordon-server process, on SQLite
## and on a throwaway PostgreSQL cluster (scripts/sync-smoke.sh prints what it proved)
test-sync: setup
	cargo build -p cordon-cli -p cordon-server
	scripts/sync-smoke.sh
	scripts/sync-smoke.sh --postgres

test-e2e: app
	CORDON_APP_BIN="$(APP_BIN)" scripts/with-keychain.sh xvfb-run -a -s "-screen 0 1440x900x24" \
	  node --test --test-concurrency=1 tests/e2e/

## bench: the store's write and read paths, SQLCipher against plain SQLite (prints ratios);
## a 40-page internal report, Cordon against Chromium --print-to-pdf of the same content;
## the incident list, one incident and search on a 1M-entry workspace (generated once, ~5 min);
## script time per keystroke in the largest forms against a bare input (jsdom);
## ingest of a 100k-op ops file against the local write path; sync through a real server
## (first upload and download of 100k ops, one op A→B by long-poll, 200 devices) beside atuin
bench:
	npm --prefix ui run bench
	cargo bench -p cordon-store --bench store
	cargo bench -p cordon-report --bench incident_report
	cargo bench -p cordon-app --bench incidents
	cargo bench -p cordon-app --bench ingest
	cargo bench -p cordon-server --bench sync

## bundle: the Linux .deb (other platforms' bundles are configured in src-tauri/tauri.conf.json)
## and the sync server's .deb (scripts/server-deb.sh: binary, systemd unit, system user)
bundle: ui
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb
	scripts/server-deb.sh

clean:
	cargo clean
	rm -rf ui/dist
