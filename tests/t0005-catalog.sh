#!/usr/bin/env bash
# The Spanish catalog: every message in the code has a translation, no two
# catalog fragments translate the same message differently, counts agree
# with their nouns (ngettext where a count can be 1, and its singular
# form singular), and Spanish usage lines speak Spanish (NODO, not NODE).
. "$(dirname "$0")/lib.sh"
need_cmd xgettext
need_cmd python3
cd "$TOP" || exit 1
tmp=$(mktemp -d); defer rm -rf "$tmp"

xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 -o "$tmp/aisla.pot" \
	shell/*.c shell/*/*.c commands/*.c 2>"$tmp/xg.err"
ok "xgettext reads the sources" test -s "$tmp/aisla.pot"
msgcat --force-po --use-first -o "$tmp/es.po" po/es/shell.po $(ls po/es/*.po | grep -v shell.po)
msgcmp "$tmp/es.po" "$tmp/aisla.pot" >"$tmp/cmp" 2>&1
missing=$(grep -c 'used but not defined' "$tmp/cmp")
is "every message of the code is in the Spanish catalog" "$missing" 0
# Show the first few: the msgid after each reported line of the .pot.
for l in $(grep -o 'aisla.pot:[0-9]*: this message is used but not' "$tmp/cmp" | cut -d: -f2 | head -15); do
	diag "$(awk -v l="$l" 'NR < l && /^msgid/ { m = $0 } NR == l { print m; exit }' "$tmp/aisla.pot")"
done
empty=$(msgattrib --untranslated "$tmp/es.po" 2>/dev/null | grep -c '^msgid "[^"]')
is "no empty translation" "$empty" 0
# Conflicts: msgcat without --use-first marks them with #-#-#-#-# blocks.
# (The header, msgid "", differs in every fragment: not a conflict.)
msgcat --force-po po/es/*.po 2>/dev/null | awk '
	/^msgid / { id = $0 } /^msgid ""$/ { id = "" }
	/#-#-#-#-#/ && id != "" && !seen[id]++ { print id }' >"$tmp/conflicts"
is "no message translated two ways in different fragments" "$(wc -l <"$tmp/conflicts")" 0
diag "$(head -20 "$tmp/conflicts")"

# Plurals and usage lines, over the merged catalog of what the code uses.
msgattrib --no-wrap --no-obsolete -o "$tmp/flat.po" "$tmp/es.po"
python3 - "$tmp/flat.po" "$tmp/aisla.pot" >"$tmp/words" <<'PY'
import re, sys

def entries(path):
    """(msgid, msgid_plural, [msgstr...], flags) of a no-wrap .po/.pot."""
    out, cur, key = [], None, None
    def unq(s):
        return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if m:
            if m.group(1) == 'msgid':
                cur = {'id': '', 'plural': None, 'str': {}}
                out.append(cur)
            val = unq(m.group(2))
            if m.group(1) == 'msgid':
                cur['id'] = val
            elif m.group(1) == 'msgid_plural':
                cur['plural'] = val
            else:
                cur['str'][m.group(1)] = val
        elif line.startswith('"') and cur is not None:
            pass  # --no-wrap: no continuation lines
    return [e for e in out if e['id']]

po = entries(sys.argv[1])
# Every command's usage line, as the command table spells it.
import glob
USAGES = set()
for path in glob.glob('commands/*.c'):
    src = open(path, encoding='utf-8').read()
    for m in re.finditer(r'\.usage = N_\(((?:"(?:[^"\\]|\\.)*"\s*)+)\)', src):
        USAGES.add(''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
    for m in re.finditer(r'^SUB\(\w+, \d+, -?\d+, N_\("([^"]*)"\)', src, re.M):
        USAGES.add(m.group(1))
for path in glob.glob('shell/lesson/check-*.c'):	# the checks' forms
    for m in re.finditer(r'\.form = N_\("([^"]*)"\)', open(path, encoding='utf-8').read()):
        USAGES.add(m.group(1))
ENGLISH = r'\b(?:NODE\d?|NAME|CMD|COMMAND|SUBCOMMAND|FILE|DEST|GW|IMAGE|TAG|PATH|PORT|SIZE|VALUE|' \
          r'KEY|SIGNAL|SECONDS|GROUP|CGROUP|INSIDE|BACKEND|LINE|CHECK|CODE|WORDS)\b'

used = {e['id'] for e in entries(sys.argv[2])}
COUNT = r'%(?:l|z|ll)?[du]'
# English nouns that need a singular when the count is 1. A count of
# bytes, seconds or CPUs of a limit is a measure, not a thing counted:
# "1 s" reads fine; so only these nouns are checked.
NOUNS = r'(?:objects?|process(?:es)?|namespaces?|veth pairs?|pairs?|lines?|commands?|problems?|' \
        r'interfaces?|nodes?|groups?|arguments?|restarts?|records?|layers?|images?|files?|' \
        r'times|links?|addresses|routes?|children|checks?|steps?|lessons?|errors?|members?|ports?)'
ES_PLURAL = r'(?:objetos|procesos|namespaces|pares|líneas|órdenes|problemas|interfaces|nodos|grupos|' \
            r'argumentos|reinicios|registros|capas|imágenes|ficheros|veces|enlaces|direcciones|rutas|' \
            r'hijos|comprobaciones|pasos|lecciones|errores|miembros|puertos)'
for e in po:
    if e['id'] not in used:
        continue
    if e['plural'] is None:
        # A counted noun in English or Spanish without ngettext: "1 procesos".
        s = e['str'].get('msgstr', '')
        if re.search(COUNT + r' ' + NOUNS + r'\b', e['id']) or \
           re.search(COUNT + r' (?:\w+ )?' + ES_PLURAL + r'\b', s):
            print('no-ngettext\t' + e['id'])
    else:
        s0, s1 = e['str'].get('msgstr[0]', ''), e['str'].get('msgstr[1]', '')
        if e['id'] != e['plural'] and s0 == s1:
            print('same-forms\t' + e['id'])
        elif re.search(COUNT + r' (?:\w+ )?' + ES_PLURAL + r'\b', s0):
            print('plural-in-singular\t' + e['id'])
        elif not s1 or set(re.findall(r'%\w', s0)) - set(re.findall(r'%\w', e['id'])):
            print('forms\t' + e['id'])
    # Usage lines (an entry's .usage, "usage: ..." hints) and every
    # other Spanish text: the English placeholders of the msgid must not
    # stay ("uso: ping NODE DEST", "ejecuta CMD dentro de NODO"); keywords
    # and options may. A column header kept as it is ("CGROUP") is fine.
    usage = e['id'] in USAGES or re.search(r'\busage:', e['id'])
    if usage or re.search(ENGLISH, e['id']):
        for s in e['str'].values():
            if (usage or s != e['id']) and re.search(ENGLISH, s):
                print('english-usage\t' + e['id'] + '\t' + s)
                break
PY
is "every count of a thing goes through ngettext (no '1 procesos')" \
	"$(grep -c '^no-ngettext' "$tmp/words")" 0
diag "$(grep '^no-ngettext' "$tmp/words" | head -20)"
is "the singular form of each plural is singular" \
	"$(grep -cE '^(same-forms|plural-in-singular|forms)' "$tmp/words")" 0
diag "$(grep -E '^(same-forms|plural-in-singular|forms)' "$tmp/words" | head -20)"
is "no English placeholder in a Spanish usage line or text (NODO, not NODE)" \
	"$(grep -c '^english-usage' "$tmp/words")" 0
diag "$(grep '^english-usage' "$tmp/words" | head -20)"
done_testing
