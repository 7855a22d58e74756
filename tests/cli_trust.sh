#!/bin/sh
# The trust commands (datasset cert, datasset log) on certificates issued by
# tests/translog_driver for both profiles, and the promise of docs/certificate.md:
# a certificate verifies with standard tools alone (sed, xmllint --exc-c14n,
# openssl pkeyutl, Python's hashlib). Run by automake with top_builddir set.
# SPDX-License-Identifier: MIT

top_builddir=${top_builddir:-.}
top_srcdir=$(cd "${top_srcdir:-.}" && pwd)
prog="$top_builddir/datasset"
driver="$top_builddir/tests/translog_driver"
PYTHON=${PYTHON:-python3}

for tool in "$prog" "$driver"; do
	if [ ! -x "$tool" ]; then
		echo "cli_trust: $tool is not built" >&2
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/datasset-trust.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0

report() {
	if [ "$2" = yes ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "FAIL - $1"
		printf '%s\n' "$3" | sed 's/^/    /'
	fi
}

# expect STATUS PATTERN NAME -- ARGS...: run datasset; the exit status must be
# STATUS and stdout+stderr must contain the fixed string PATTERN.
expect() {
	want_status=$1 pattern=$2 name=$3
	shift 4
	"$prog" "$@" >"$work/out" 2>&1
	status=$?
	if [ "$status" = "$want_status" ] && grep -qF -- "$pattern" "$work/out"; then
		report "$name" yes
	else
		report "$name" no "status $status (want $want_status), output:$(printf '\n'; cat "$work/out")
    wanted: $pattern"
	fi
}

# shell_check NAME COMMAND: a check made of a shell command list.
shell_check() {
	if sh -c "$2" >"$work/out" 2>&1; then
		report "$1" yes
	else
		report "$1" no "$(cat "$work/out")"
	fi
}

for profile in ed25519 sm2; do
	mkdir -p "$work/$profile"
	if [ "$(echo "cert $profile $work/$profile" | "$driver")" = ok ]; then
		report "$profile: issue a certificate (fixtures)" yes
	else
		report "$profile: issue a certificate (fixtures)" no "translog_driver cert $profile failed"
	fi
done

for profile in ed25519 sm2; do
	d="$work/$profile"
	[ -f "$d/cert.xml" ] || continue
	index=$(cat "$d/index")

	# ---- datasset cert verify
	expect 0 "ok   inclusion: entry $index is in the tree of size 6" "$profile: cert verify" -- \
		cert verify "$d/cert.xml" --key "$d/pub.pem"
	expect 0 "ok   consistency: the tree of size 16 extends the certificate's (6)" \
		"$profile: cert verify with a newer checkpoint" -- \
		cert verify "$d/cert.xml" --key "$d/pub.pem" --checkpoint "$d/newer.checkpoint" --proof "$d/consistency.proof"
	expect 1 "an old tree head was replayed" "$profile: an old checkpoint replayed as newer" -- \
		cert verify "$d/cert.xml" --key "$d/pub.pem" --checkpoint "$d/old.checkpoint" --proof "$d/consistency.proof"
	sed 's/企业用电量月度指数/企业用电量年度指数/' "$d/cert.xml" >"$d/tampered.xml"
	expect 1 "FAIL signature:" "$profile: an edited object name fails the signature" -- \
		cert verify "$d/tampered.xml" --key "$d/pub.pem"
	expect 1 "FAIL inclusion:" "$profile: an edited object name fails inclusion too" -- \
		cert verify "$d/tampered.xml" --key "$d/pub.pem"
	sed 's/treeSize="6"/treeSize="7"/' "$d/cert.xml" >"$d/tampered.xml"
	expect 1 "FAIL checkpoint: the evidence's treeSize/rootHash do not match" "$profile: an edited tree size" -- \
		cert verify "$d/tampered.xml" --key "$d/pub.pem"
	expect 1 "FAIL registry_key:" "$profile: another registry's key" -- \
		cert verify "$d/cert.xml" --key "$work/$([ $profile = sm2 ] && echo ed25519 || echo sm2)/pub.pem"
	head -c 300 "$d/cert.xml" >"$d/truncated.xml"
	expect 1 "FAIL structure:" "$profile: a truncated document" -- cert verify "$d/truncated.xml" --key "$d/pub.pem"

	# ---- datasset cert show
	"$prog" cert show "$d/cert.xml" >"$work/show" 2>&1
	if grep -qx "number: 370100-2025-P-00000123-3" "$work/show" &&
		grep -qx "right: 数据资源持有权 (holding), 2025-03-01 to open" "$work/show" &&
		grep -qx "log index: $index" "$work/show" && grep -qx "registered (大写): 贰零贰伍年叁月零壹拾日" "$work/show"; then
		report "$profile: cert show" yes
	else
		report "$profile: cert show" no "$(cat "$work/show")"
	fi
	expect 1 "Premature end of data" "$profile: cert show on a truncated document" -- cert show "$d/truncated.xml"

	# ---- datasset log
	expect 0 "size 6" "$profile: log verify-checkpoint" -- log verify-checkpoint "$d/cert.checkpoint" --key "$d/pub.pem"
	expect 0 "ok: entry $index is in the tree of size 6 signed by registry.jinan.example" \
		"$profile: log verify-inclusion with the entry" -- \
		log verify-inclusion --key "$d/pub.pem" --checkpoint "$d/cert.checkpoint" --index "$index" \
		--entry "$d/entry" --proof "$d/inclusion.proof"
	expect 1 "inclusion proof:" "$profile: log verify-inclusion at the wrong index" -- \
		log verify-inclusion --key "$d/pub.pem" --checkpoint "$d/cert.checkpoint" --index 4 \
		--entry "$d/entry" --proof "$d/inclusion.proof"
	expect 0 "ok: the tree of size 16 extends the tree of size 6" "$profile: log verify-consistency" -- \
		log verify-consistency --key "$d/pub.pem" --old "$d/cert.checkpoint" --new "$d/newer.checkpoint" \
		--proof "$d/consistency.proof"
	expect 1 "consistency proof:" "$profile: log verify-consistency with old and new swapped" -- \
		log verify-consistency --key "$d/pub.pem" --old "$d/newer.checkpoint" --new "$d/cert.checkpoint" \
		--proof "$d/consistency.proof"
	sed 's/^16$/17/' "$d/newer.checkpoint" >"$d/forged.checkpoint"
	expect 1 "does not verify" "$profile: an edited checkpoint" -- \
		log verify-checkpoint "$d/forged.checkpoint" --key "$d/pub.pem"

	# ---- standard tools only, exactly as docs/certificate.md shows them
	if [ $profile = sm2 ]; then
		sm2_opts="-digest sm3 -pkeyopt distid:1234567812345678"
		hash=sm3
	else
		sm2_opts=
		hash=sha256
	fi
	if command -v xmllint >/dev/null && command -v openssl >/dev/null; then
		shell_check "$profile: standard tools: xmllint --exc-c14n + openssl pkeyutl verify the signature" "
			cd '$d' &&
			sed 's|<signature [^>]*>[^<]*</signature>||' cert.xml > unsigned.xml &&
			xmllint --exc-c14n unsigned.xml > canonical &&
			sed -n 's|.*<signature [^>]*>\([^<]*\)</signature>.*|\1|p' cert.xml | openssl base64 -d -A > signature.bin &&
			openssl pkeyutl -verify -pubin -inkey pub.pem -rawin $sm2_opts -in canonical -sigfile signature.bin"
		shell_check "$profile: standard tools: a changed byte fails openssl pkeyutl" "
			cd '$d' &&
			sed 's/信贷风控/信贷风险/' canonical > changed &&
			! openssl pkeyutl -verify -pubin -inkey pub.pem -rawin $sm2_opts -in changed -sigfile signature.bin"
		shell_check "$profile: standard tools: hashlib recomputes the root from the entry and the proof" "
			cd '$d' &&
			sed -z 's|<logEvidence.*</logEvidence>||' unsigned.xml > entry.xml &&
			xmllint --exc-c14n entry.xml > entry.c14n && cmp entry.c14n entry &&
			'$PYTHON' '$top_srcdir/tests/verify_inclusion.py' $hash cert.xml entry.c14n"
	else
		echo "skip - $profile: standard tools (xmllint or openssl missing)"
	fi
done

# ---- usage
expect 2 "verify needs --key PUB.pem" "cert verify without --key" -- cert verify x.xml
expect 2 "--checkpoint and --proof go together" "cert --checkpoint without --proof" -- \
	cert verify x.xml --key k --checkpoint c
expect 2 "unknown subcommand 'frob'" "cert frob" -- cert frob
expect 2 "show takes exactly one FILE and no options" "cert show with --key" -- cert show x.xml --key k
expect 2 "missing subcommand" "log without subcommand" -- log
expect 2 "verify-inclusion needs --checkpoint, --index, --proof and one of --entry or --leaf-hash" \
	"log verify-inclusion incomplete" -- log verify-inclusion --key k --index 1
expect 1 "no-such.pem" "cert verify with a missing key file" -- \
	cert verify "$work/ed25519/cert.xml" --key "$work/no-such.pem"
expect 0 "Usage: datasset cert verify FILE --key PUB.pem" "cert --help" -- cert --help
expect 0 "Usage: datasset log head [--out FILE] [--db PATH]" "log --help" -- log --help

echo "cli_trust: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
