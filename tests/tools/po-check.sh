#!/usr/bin/env bash
# tools/po-check on a small made-up tree (issue 20): a complete catalog passes; a catalog
# with a missing string, an untranslated one, a fuzzy one, a wrong placeholder, and a
# template using a string the catalogs lack each fail, and all four faults together are each
# named. The check never writes a file. Prints TAP-like "ok N - what" lines and
# "# pass N", "# fail N". The real po/ files are never touched.
set -uo pipefail
cd "$(dirname "$0")/../.."
check=$PWD/tools/po-check
extract=$PWD/tools/po-extract
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/po-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$tmp/out"; }

run() {
  "$check" --root "$1" > "$tmp/out" 2>&1
  rc=$?
}
expect_rc() {
  if [[ $rc == "$1" ]]; then ok "$2"; else echo "# exit $rc, want $1"; not_ok "$2"; fi
}
expect_line() {
  if grep -qF -- "$1" "$tmp/out"; then ok "$2"; else echo "# missing: $1"; not_ok "$2"; fi
}

# A tree with C strings (a named placeholder, a printf conversion) and template strings (a
# {{tag}} inside HTML), its template po/dars.pot made by tools/po-extract, and a Korean
# catalog with every message translated.
good=$tmp/good
mkdir -p "$good/src/greet/templates" "$good/po"
cat > "$good/src/greet/greet.c" << 'EOF'
static const char *greet(const char *lang, int n)
{
    if (n > 1)
        return _(lang, "%d new messages");
    return n ? _(lang, "Welcome, {name}") : _(lang, "Hello");
}
EOF
cat > "$good/src/greet/templates/greet.mustache" << 'EOF'
<p>{{#_}}Signed in as <b>{{user}}</b>{{/_}}</p>
<button>{{_ Save}}</button>
EOF
"$extract" --root "$good" --pot-only "$good/po/dars.pot" 2> "$tmp/extract.err" ||
  { cat "$tmp/extract.err"; exit 1; }
# translate FILE.po 'msgid=msgstr'...: po/dars.pot with those translations
translate() {
  local out=$1
  shift
  "$py" - "$good/po/dars.pot" "$out" "$@" << 'EOF'
import sys, polib
pot, out, pairs = polib.pofile(sys.argv[1]), sys.argv[2], sys.argv[3:]
tr = dict(p.split("=", 1) for p in pairs)
pot.metadata.update({"Language": "ko", "Plural-Forms": "nplurals=1; plural=0;",
                     "Content-Type": "text/plain; charset=UTF-8"})
for e in pot:
    e.msgstr = tr.get(e.msgid, "")
pot.save(out)
EOF
}
translate "$good/po/ko.po" 'Hello=안녕하세요' 'Welcome, {name}={name}님, 환영합니다' \
  '%d new messages=새 메시지 %d개' 'Signed in as <b>{{user}}</b>=<b>{{user}}</b>(으)로 로그인함' \
  'Save=저장'

run "$good"
expect_rc 0 "a complete catalog passes"
expect_line "po-check: ok (5 messages, complete in ko)" "a complete catalog says ok"

# copy NAME: a copy of the good tree to break, in $tree
copy() {
  tree=$tmp/$1
  cp -r "$good" "$tree"
}
# edit FILE PYTHON: run PYTHON with e (each entry of the catalog FILE) and save it
edit() {
  "$py" - "$1" "$2" << 'EOF'
import sys, polib
po = polib.pofile(sys.argv[1])
for e in list(po):
    exec(sys.argv[2])
po.save(sys.argv[1])
EOF
}

copy missing
edit "$tree/po/ko.po" 'if e.msgid == "Hello": po.remove(e)'
run "$tree"
expect_rc 1 "a catalog without one string fails"
expect_line 'po/ko.po:0: missing from the catalog (run make pot): "Hello"' "it names the missing string"

copy untranslated
edit "$tree/po/ko.po" 'if e.msgid == "Save": e.msgstr = ""'
run "$tree"
expect_rc 1 "a catalog with one untranslated string fails"
expect_line 'untranslated: "Save"' "it names the untranslated string"

copy fuzzy
edit "$tree/po/ko.po" 'if e.msgid == "Hello": e.flags.append("fuzzy")'
run "$tree"
expect_rc 1 "a catalog with one fuzzy string fails"
expect_line 'fuzzy: "Hello"' "it names the fuzzy string"

copy placeholder
edit "$tree/po/ko.po" 'if e.msgid.startswith("Welcome"): e.msgstr = "{nom}님, 환영합니다"'
run "$tree"
expect_rc 1 "a translation with a wrong {placeholder} fails"
expect_line 'placeholders differ: "Welcome, {name}"' "it names the message"

copy tag
edit "$tree/po/ko.po" 'if e.msgid.startswith("Signed"): e.msgstr = "{{user}}(으)로 로그인함"'
run "$tree"
expect_rc 1 "a translation that drops an HTML tag fails"
expect_line 'placeholders differ: "Signed in as <b>{{user}}</b>"' "it names the template message"

copy printf
edit "$tree/po/ko.po" 'if e.msgid.startswith("%d"): e.msgstr = "새 메시지 %s개"'
run "$tree"
expect_rc 1 "a translation with another printf conversion fails"
expect_line 'placeholders differ: "%d new messages"' "it names the c-format message"

copy unextracted
printf '%s\n' '<a href="/">{{_ Cancel}}</a>' >> "$tree/src/greet/templates/greet.mustache"
run "$tree"
expect_rc 1 "a template string missing from the catalogs fails"
expect_line 'src/greet/templates/greet.mustache:3: not in po/dars.pot (run make pot): "Cancel"' \
  "it names the template and line"

copy nocatalog
mkdir -p "$tree/src/core"
echo 'const char *const i18n_langs[] = { "en", "ko", "vi" };' > "$tree/src/core/i18n.c"
run "$tree"
expect_rc 1 "a language Dars offers without a catalog fails"
expect_line 'po/vi.po:0: no catalog for a language Dars offers: "vi"' "it names the language"

# All four faults in one tree: each is reported, and nothing is written.
copy all
edit "$tree/po/ko.po" '
if e.msgid == "Hello": po.remove(e)
elif e.msgid == "Save": e.flags.append("fuzzy")
elif e.msgid.startswith("Welcome"): e.msgstr = "{nom}님, 환영합니다"'
printf '%s\n' '{{_ Cancel}}' >> "$tree/src/greet/templates/greet.mustache"
before=$(cd "$tree" && find . -type f -exec sha256sum {} + | sort)
run "$tree"
after=$(cd "$tree" && find . -type f -exec sha256sum {} + | sort)
expect_rc 1 "a catalog with four faults fails"
expect_line 'missing from the catalog (run make pot): "Hello"' "the missing string is named"
expect_line 'fuzzy: "Save"' "the fuzzy string is named"
expect_line 'placeholders differ: "Welcome, {name}"' "the wrong placeholder is named"
expect_line 'not in po/dars.pot (run make pot): "Cancel"' "the unextracted string is named"
expect_line "po-check: FAILED" "it says it failed"
if [[ $before == "$after" ]]; then ok "the check writes no file"; else
  echo "$before" > "$tmp/out"
  not_ok "the check writes no file"
fi

echo "# pass $pass"
echo "# fail $fail"
((fail == 0))
