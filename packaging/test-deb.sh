#!/usr/bin/env bash
# Installs the .deb built by packaging/deb.sh on this machine (root), checks that it works
# from /usr/bin and that every file landed where the package promises, then removes it and
# checks that nothing is left. CI runs it; it changes the system, so run it on a throwaway
# machine.
#   bash packaging/test-deb.sh target/debian/soleus_0.1.0-1_amd64.deb
set -uo pipefail
deb=${1:?usage: test-deb.sh PACKAGE.deb}
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok - $what"; else echo "FAILED - $what"; failed=1; fi
}
files=(
  /usr/bin/soleus
  /usr/lib/systemd/user/soleus.service
  /usr/share/man/man1/soleus.1.gz
  /usr/share/bash-completion/completions/soleus
  /usr/share/zsh/vendor-completions/_soleus
  /usr/share/fish/vendor_completions.d/soleus.fish
  /usr/share/icons/hicolor/scalable/apps/soleus.svg
  /usr/share/doc/soleus/config.toml
  /usr/share/doc/soleus/copyright
)
check "dpkg -i installs it" dpkg -i "$deb"
check "soleus --version runs from /usr/bin" sh -c '/usr/bin/soleus --version | grep -q "^soleus "'
home=$(mktemp -d)
check "soleus config check accepts the packaged default config" \
  env HOME="$home" XDG_CONFIG_HOME="$home" /usr/bin/soleus --config /usr/share/doc/soleus/config.toml config check
rm -rf "$home"
for f in "${files[@]}"; do check "installed $f" test -s "$f"; done
check "the packaged unit runs /usr/bin/soleus" grep -qx "ExecStart=/usr/bin/soleus daemon" /usr/lib/systemd/user/soleus.service
runtime=$(mktemp -d)
check "the packaged unit passes systemd-analyze --user verify" \
  env XDG_RUNTIME_DIR="$runtime" systemd-analyze --user verify /usr/lib/systemd/user/soleus.service
rm -rf "$runtime"
check "the man page is gzipped roff" sh -c 'zcat /usr/share/man/man1/soleus.1.gz | grep -q "^.TH soleus 1"'
check "dpkg -r removes it" dpkg -r soleus
for f in "${files[@]}"; do check "removed $f" test ! -e "$f"; done
[ "$failed" -eq 0 ] && echo "deb: all checks passed"
exit "$failed"
