# TTM Check. Two commands do everything on a fresh machine:
#   make serve   installs the toolchain if missing, runs the app on http://127.0.0.1:8080/
#   make test    installs what the tests need, runs every test
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(HOME)/.cargo/bin:$(PATH)
WASM := source .ci/wasm-env.sh &&

.PHONY: serve build size test test-fresh setup-app setup-test bench prerender clean

serve: setup-app
	@echo "TTM Check will be at http://127.0.0.1:8080/ (Ctrl-C stops it)"
	$(WASM) trunk serve --address 127.0.0.1 --port 8080

build: setup-app
	$(WASM) trunk build --release
	@echo "dist/ is a static site: copy it to any web server path or file share."

size: build
	@total=0; total_gz=0; \
	for f in dist/*.js dist/*.css; do \
	  raw=$$(stat -c %s "$$f"); gz=$$(gzip -9 -c "$$f" | wc -c); \
	  printf '%-28s %10d bytes  %9d gzip\n' "$$(basename $$f)" "$$raw" "$$gz"; \
	  total=$$((total + raw)); total_gz=$$((total_gz + gz)); \
	done; \
	printf '%-28s %10d bytes  %9d gzip\n' "total (wasm + js + css)" "$$total" "$$total_gz"

test: setup-test
	.ci/test.sh

# CI's run on a fresh machine's terms: a clean clone of HEAD with nothing
# beside it, an empty crate cache (see .ci/fresh-clone.sh).
test-fresh:
	.ci/fresh-clone.sh

bench: setup-test
	cargo bench --bench engine
	.ci/bench-cli.sh 1024
	$(WASM) trunk build --release
	node tests/bench/browser.mjs 250 3
	node tests/bench/engines.mjs 250 3
	node tests/bench/lighthouse.mjs 3
	node tests/bench/start-tasks.mjs 5
	node tests/bench/lines.mjs 250 3

# After a change to the app's first screen: renders it again into
# static/first-screen.html (tests/e2e/first-screen.mjs), and builds with it.
prerender: setup-test
	$(WASM) trunk build --release
	cd tests/e2e && node first-screen.mjs
	$(WASM) trunk build --release

setup-app:
	@.ci/setup.sh app

setup-test:
	@.ci/setup.sh test

clean:
	cargo clean
	rm -rf dist
