#!/usr/bin/env bash
# Fails on an #include that crosses the layers (docs/ARCHITECTURE.md):
#   core → nothing above it; platform → core; a module's rules/ → core and the rules of the modules it
#   declares; a module → core, platform, itself and the modules it declares in its CMakeLists.txt
#   (zx_module(NAME DEPENDS ...)); app → core, platform, modules; cli → everything.
# Tests follow the layer they test (tests/support/ is shared test code). Boost.Beast stays in
# platform/http/http_server.cpp. Run from the repository root; prints every violation.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A deps
for cm in src/modules/*/CMakeLists.txt; do
  m=$(basename "$(dirname "$cm")")
  line=$(tr '\n' ' ' <"$cm" | grep -o 'zx_module([^)]*)' || true)
  [ -n "$line" ] || { echo "check-layering: $cm declares no zx_module(...)" >&2; exit 2; }
  d=$(sed -E 's/zx_module\(([a-z_]+)//; s/\)//; s/LIBS.*//; s/DEPENDS//' <<<"$line")
  deps[$m]="$(echo $d)"
done

allowed_for() {  # prints the include prefixes a file may use
  local f=$1 rel m p
  rel=${f#src/}; [ "$rel" != "$f" ] || rel=${f#tests/}
  case "$f" in
    tests/*) p="support/ " ;;
    *) p="" ;;
  esac
  case "$rel" in
    core/*) echo "$p core/" ;;
    platform/*) echo "$p core/ platform/" ;;
    modules/*/rules/*)
      m=${rel#modules/}; m=${m%%/*}
      echo -n "$p core/ modules/$m/rules/"
      for d in ${deps[$m]:-}; do echo -n " modules/$d/rules/"; done; echo ;;
    modules/*)
      m=${rel#modules/}; m=${m%%/*}
      # A module's tests may use its own files and those of its dependencies, like the module.
      echo -n "$p core/ platform/ modules/$m/"
      for d in ${deps[$m]:-}; do echo -n " modules/$d/"; done; echo ;;
    app/*) echo "$p core/ platform/ modules/ app/" ;;
    cli/*) echo "$p core/ platform/ modules/ app/ cli/" ;;
    *) echo "" ;;
  esac
}

bad=0
while IFS= read -r f; do
  prefixes=$(allowed_for "$f")
  while IFS=: read -r ln inc; do
    [ -n "$inc" ] || continue
    ok=0
    for p in $prefixes; do [[ "$inc" == "$p"* ]] && ok=1 && break; done
    if [ $ok = 0 ]; then echo "$f:$ln: #include \"$inc\" crosses the layers (allowed: $prefixes)"; bad=1; fi
  done < <(grep -n '^#include "' "$f" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/')
  if [ "$f" != src/platform/http/http_server.cpp ] && [ "$f" != src/platform/http/http_client.cpp ] && grep -q '^#include <boost/beast' "$f"; then
    echo "$f: includes Boost.Beast (only platform/http/http_server.cpp and http_client.cpp may)"; bad=1
  fi
done < <(find src tests -name '*.cpp' -o -name '*.hpp' | sort)
if [ $bad = 0 ]; then echo "check-layering: ok"; fi
exit $bad
