#!/usr/bin/env bash
# Builds the Debian package: the release binary, then the man page and shell completions
# generated from it (the same clap definitions as --help), then `cargo deb --no-build`.
# Needs cargo-deb (`cargo install cargo-deb`). Prints the .deb's path last.
#   bash packaging/deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null || { echo "needs cargo-deb: cargo install cargo-deb" >&2; exit 1; }
cargo build --release --locked
soleus=target/release/soleus
out=target/packaging
mkdir -p "$out"
"$soleus" man | gzip -9n > "$out/soleus.1.gz"
"$soleus" completions bash > "$out/soleus.bash"
"$soleus" completions zsh > "$out/_soleus"
"$soleus" completions fish > "$out/soleus.fish"
cargo deb --no-build --locked --output target/debian/ >&2
ls -t target/debian/soleus_*.deb | head -n1
