# Sourced before every wasm32 build: selects the toolchain that .ci/setup.sh
# provided. Nothing to set where rustup has the official wasm32 target; on the
# Debian route, Debian's Rust builds std for wasm32 and lld links.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
   && rustup toolchain list 2>/dev/null | grep -q '^debweb'; then
  export RUSTUP_TOOLCHAIN=debweb
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# WebAssembly SIMD (+simd128) is set in .cargo/config.toml, so that a plain
# `trunk build` gives the same module.
