#!/usr/bin/env bash
# tools/layer-check on small made-up trees: a clean one passes, and each kind of
# violation (a base layer including a module, a module including one its Uses
# line does not name, folders in a circle, files calling each other) is reported
# and fails; the allowlist excuses what it lists and fails on lines that match
# nothing. Prints TAP-like "ok N - what" lines and "# pass N", "# fail N".
set -uo pipefail
cd "$(dirname "$0")/../.."
check=$PWD/tools/layer-check
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layer-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$tmp/out"; }

# put FILE LINES...: write a source file of the made-up tree
put() {
  local f=$1
  shift
  mkdir -p "$(dirname "$tree/src/$f")"
  printf '%s\n' "$@" > "$tree/src/$f"
}

# run TREE [ARGS...]: run the check on a tree, output in $tmp/out, status in $rc
run() {
  local t=$1
  shift
  "$check" --root "$t" "$@" > "$tmp/out" 2>&1
  rc=$?
}

# expect_rc WANT WHAT
expect_rc() {
  if [[ $rc == "$1" ]]; then ok "$2"; else echo "# exit $rc, want $1"; not_ok "$2"; fi
}

# expect_line TEXT WHAT: the output has a line ending with TEXT (after FILE:LINE:)
expect_line() {
  if grep -qF -- "$1" "$tmp/out"; then ok "$2"; else echo "# missing: $1"; not_ok "$2"; fi
}

# A clean tree: every layer, two modules with their Uses lines, the table of
# modules, the command line and main.c, each including only what it may.
tree=$tmp/clean
put core/base.h '/* base */'
put db/db.h '#include "core/base.h"'
put http/http.h '#include "db/db.h"'
put http/server.c '#include "core/base.h"' '#include "http/http.h"'
put api/api.h '#include "http/http.h"'
put view/view.h '#include "http/http.h"' '#include "api/api.h"'
put audit/audit.h '/*' ' * The audit log.' ' *' ' * Uses: nothing.' ' */' '#include "db/db.h"'
put mail/mail.h '/*' ' * The outbox.' ' *' ' * Uses: audit.' ' */' '#include "audit/audit.h"'
put org/org.h '/*' ' * Regions and centres.' ' *' ' * Uses: audit.' ' */' '#include "view/view.h"'
put org/org_int.h '#include "org/org.h"'
put org/centre.c '#include "core/base.h"' '#include "org/org_int.h"' '#include "audit/audit.h"' \
  '' 'int org_centre_find(int id)' '{' '    return org_region_find(id);' '}'
put org/region.c '#include "core/base.h"' '#include "org/org_int.h"' '' \
  '/* not a call: org_centre_find() */' 'int org_region_find(int id)' '{' '    return id;' '}'
put accounts/accounts.h '/*' ' * Users.' ' *' ' * Uses: audit, org.' ' */' '#include "org/org.h"'
put accounts/user.c '#include "core/base.h"' '#include "accounts/accounts.h"' \
  '#include "audit/audit.h"'
put modules.h '/* the table */'
put modules.c '#include "modules.h"' '#include "accounts/accounts.h"' '#include "mail/mail.h"'
put cli/cli.h '/* commands */'
put cli/cli.c '#include "modules.h"' '#include "accounts/accounts.h"' '#include "cli/cli.h"'
put main.c '#include "core/base.h"' '#include "cli/cli.h"'

run "$tree"
expect_rc 0 "a clean tree passes"
expect_line "layer-check: ok (0 known violations" "a clean tree says ok"

# The same tree with one violation of each kind.
cp -r "$tmp/clean" "$tmp/bad"
tree=$tmp/bad
put http/server.c '#include "core/base.h"' '#include "http/http.h"' '#include "accounts/accounts.h"'
put accounts/user.c '#include "core/base.h"' '#include "accounts/accounts.h"' \
  '#include "mail/mail.h"'
put http/http.h '#include "db/db.h"' '#include "api/api.h"'
put org/region.c '#include "core/base.h"' '#include "org/org_int.h"' '' \
  'int org_region_find(int id)' '{' '    return id ? org_centre_find(id - 1) : 0;' '}'
put cli/cli.c '#include "modules.h"' '#include "org/org_int.h"'
put main.c '#include "core/base.h"' '#include "cli/cli.h"' '#include "db/db.h"'
put unplaced/unplaced.h '/* a module nobody placed */'

run "$tree"
expect_rc 1 "a bad tree fails"
expect_line 'src/http/server.c:3: layer: http includes "accounts/accounts.h": accounts is a higher'\
' layer than http' \
  "a base layer including a module, with its file and line"
expect_line 'undeclared: accounts includes "mail/mail.h": mail is not in the Uses line of'\
' src/accounts/accounts.h' \
  "a module including one its Uses line does not name"
expect_line 'circle: api -> http -> api: these folders include each other' \
  "two folders of one layer including each other"
expect_line 'circle: http -> accounts -> org -> view -> http: these folders include each other' \
  "folders in a longer circle"
expect_line 'calls: org: centre.c -> region.c -> centre.c: these files call each other in a'\
' circle' \
  "two files of a module calling each other"
expect_line 'private: cli includes "org/org_int.h": an _int.h is private to its folder' \
  "the command line including a module's _int.h"
expect_line 'layer: main.c includes "db/db.h": main.c may include only core and cli' \
  "main.c including more than core and cli"
expect_line 'unknown: "unplaced" is not in the layer order' "a folder not in the order"
if [[ $(grep -c '^src/' "$tmp/out") == 8 ]]; then
  ok "nothing else is reported"
else
  not_ok "nothing else is reported"
fi

# The allowlist: what it lists passes; a line that matches nothing fails.
sed -E 's/^src\/[^:]*:[0-9]+: //' "$tmp/out" | grep -v '^layer-check:' > "$tmp/allow"
run "$tree" --allow "$tmp/allow"
expect_rc 0 "violations in the allowlist pass"
echo 'calls: org: a.c -> b.c -> a.c: these files call each other in a circle' >> "$tmp/allow"
run "$tree" --allow "$tmp/allow"
expect_rc 1 "an allowlist line that matches nothing fails"
expect_line "allow:9: no such violation any more, remove this line: calls: org: a.c -> b.c" \
  "and says which line to remove"

# A missing Uses line, and one naming a module above.
put audit/audit.h '/*' ' * The audit log.' ' */'
put org/org.h '/*' ' * Regions.' ' *' ' * Uses: audit, accounts.' ' */'
run "$tree" --all
expect_line "uses: audit.h has no \" * Uses: ....\" line in its top comment" \
  "a module header without a Uses line"
expect_line "uses: org.h's Uses line names accounts, which is not a module below org" \
  "a Uses line naming a higher module"

run "$tmp/clean" --list
expect_line "view       -> api 1, http 1" "--list prints the folder graph"
run "$tmp/bad" --list
expect_line "http       -> core 1, db 1, api 1, accounts 1 UP" \
  "--list counts includes and marks those going up"

echo "# pass $pass"
echo "# fail $fail"
((fail == 0))
