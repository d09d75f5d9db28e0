# Study Companion: `make run` and `make test` work on a bare machine; every install step is
# skipped when the right version is already there, so warm runs stay fast.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
# wasm-bindgen's CLI must match the library version locked in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Playwright must never download a browser: it drives Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
E2E_DIR := target/e2e
# Its own port, so a `make run` on 3000 cannot answer the browser tests by mistake.
E2E_ADDR ?= 127.0.0.1:3100
# The browser tests run on a debug build unless E2E_BUILD says otherwise; the byte budget in
# end2end/tests/budget.spec.ts measures only the build users get, so it runs with
# `E2E_BUILD="--release --precompress" make e2e` and skips on a debug build.
E2E_BUILD ?=
BENCH_ADDR ?= 127.0.0.1:3900
BARE_ADDR ?= 127.0.0.1:3901
# The API documentation viewer at /api/docs: Redoc's standalone bundle, taken from npm (no CDN).
REDOC_VERSION := 2.5.4
REDOC_BUNDLE := public/docs/redoc.standalone.js

.PHONY: help run test watch watch-loop bench eval tools browser postgres fmt-check clippy rust-tests fuzz e2e clean-e2e

help:
	@echo "make run    build (release) and serve on $${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
	@echo "make test   fmt, clippy, Rust tests on SQLite and PostgreSQL, Playwright in Chromium"
	@echo "make watch  cargo leptos watch, for day-to-day work"
	@echo "make bench  load-test the release build with wrk"
	@echo "make eval   score the analysis on the evaluation set (EVAL_VERBOSE=1, EVAL_CASE=name)"

## ---- tools -------------------------------------------------------------------------------

tools: $(E2E_DIR)/.keep $(REDOC_BUNDLE)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown
	@if [ "$$(cargo leptos --version 2>/dev/null | awk '{print $$2}')" != "$(CARGO_LEPTOS_VERSION)" ]; then \
		echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION)"; \
		cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked; \
	fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi
	@# tailwindcss and wasm-opt come from npm (binaryen from Debian is too old: see README).
	@if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] \
		|| [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund; \
	fi

$(REDOC_BUNDLE):
	@mkdir -p $(@D) target/npm
	cd target/npm && npm pack redoc@$(REDOC_VERSION) --silent >/dev/null
	tar -xzf target/npm/redoc-$(REDOC_VERSION).tgz -C target/npm package/bundles/redoc.standalone.js
	mv target/npm/package/bundles/redoc.standalone.js $@

$(E2E_DIR)/.keep:
	@mkdir -p $(E2E_DIR) data && touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Chromium from Debian"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
			|| { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium; }; \
	}
	@if [ ! -x end2end/node_modules/.bin/playwright ] \
		|| [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then \
		(cd end2end && npm ci --no-audit --no-fund); \
	fi

# The PostgreSQL tests need a server; start the machine's cluster when it is down, and fail
# clearly (never skip) when there is none.
postgres:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		if [ ! -d /etc/postgresql ] || [ -z "$$(ls /etc/postgresql 2>/dev/null)" ]; then \
			echo "error: PostgreSQL is not installed; the database tests need a server at 127.0.0.1:5432" >&2; \
			exit 1; \
		fi; \
		echo "starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "error: PostgreSQL at 127.0.0.1:5432 is not answering" >&2; exit 1; }

## ---- the two commands ----------------------------------------------------------------------

# --precompress: brotli (quality 11) and gzip variants of every static file, served in place of
# the original to browsers that accept them.
run: tools
	cargo leptos build --release --precompress
	@mkdir -p data
	LEPTOS_SITE_ROOT=target/site ./target/release/study-companion serve

test: tools browser postgres fmt-check clippy rust-tests fuzz e2e
	@echo "make test: all green"

## ---- the parts of `make test` ----------------------------------------------------------------

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy -p app -p views -p ui -p pages-account -p pages-plan -p pages-staff -p pages-study -p server -p migration --all-targets --features server/bench -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# One invocation for the server-side packages (app gets `ssr` from server), so they share one
# build; `frontend` (hydrate) is never in it. TEST_DATABASE_URL points the PostgreSQL tests at
# the server; each test creates and drops its own database.
rust-tests: postgres
	TEST_PG_URL=$(PG_URL) cargo test -p app -p views -p ui -p pages-account -p pages-plan -p pages-staff -p pages-study -p server -p migration

# Schemathesis fuzzes every documented operation as each role (uses the tests' debug binary).
fuzz:
	./.ci/fuzz

clean-e2e:
	@rm -rf $(E2E_DIR)/study-companion.db*

e2e: tools browser clean-e2e
	@if (exec 3<>/dev/tcp/$${E2E_ADDR%:*}/$${E2E_ADDR##*:}) 2>/dev/null; then \
		echo "error: something already listens on $(E2E_ADDR); stop it or set E2E_ADDR" >&2; exit 1; \
	fi
	APP_ENV=test LEPTOS_SITE_ADDR=$(E2E_ADDR) E2E_BUILD="$(E2E_BUILD)" cargo leptos end-to-end $(E2E_BUILD)

## ---- day to day -----------------------------------------------------------------------------

watch: tools
	cargo leptos watch

# The developer's loop, measured: `cargo leptos watch` on its own port, one word changed in a
# view and then in a service, each timed from the save to the server answering with it.
watch-loop: tools
	./.ci/watch-loop

# The analysis scored on app/tests/eval/cases: the table, and with EVAL_VERBOSE=1 every miss;
# EVAL_CASE=<name> prints the engine's trace for one case; AI_PROVIDER=openai scores that provider.
eval:
	cargo test -p app --features ssr --test eval -- --nocapture

bench: tools
	@command -v wrk >/dev/null 2>&1 || apt-get install -y --no-install-recommends wrk
	cargo leptos build --release --precompress
	@# cargo-leptos builds with LEPTOS_OUTPUT_NAME set, which leptos reads at compile time; the
	@# helpers get the same value (and no dev-dependencies) so they reuse that build.
	LEPTOS_OUTPUT_NAME=study-companion cargo build --release -p server --features bench --bin bare --bin offline_bench
	BENCH_ADDR=$(BENCH_ADDR) BARE_ADDR=$(BARE_ADDR) ./.ci/bench
