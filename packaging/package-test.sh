#!/usr/bin/env bash
# Installs the packages on this machine and takes them through a life:
#   1. an older build (OLD_REF: before protocol 2, so both the hub's and the
#      kiosk's database schemas are older) is packaged and installed; its hub
#      imports the sample content and serves, a kiosk joins and syncs;
#   2. the packages of this build are installed over it: --version answers
#      with this build, the hub migrates its database on start, the kiosk
#      and its records are still there, and a sync works;
#   3. the hub serves as packaged (a self-signed certificate made on the
#      first start), a second kiosk joins with a code carrying the key's
#      pin, /metrics answers, and alliance-hub backup writes a backup;
#   4. removing the packages keeps the data; purging deletes it.
# It needs root and changes this machine (packages, users, /var/lib): CI's.
# Usage: package-test.sh DIST VERSION
set -euo pipefail
dist=$(realpath "$1") version=$2
repo=$(realpath "$(dirname "$0")/..")
OLD_REF=${OLD_REF:-9061cd62bb517e9141e8ff91898f17af23a676b1}
# Two free ports on loopback (the hub's and its metrics'): others may be
# serving on this machine.
freePort() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 1))") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo 18443
}
port=${PACKAGE_TEST_PORT:-$(freePort)}
[ "$(id -u)" = 0 ] || { echo "package-test: run it as root (it installs packages)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
work=$(mktemp -d)
hubpid=
step() { echo "== package-test: $*"; }
fail() { echo "package-test FAILED: $*" >&2; exit 1; }
cleanup() {
	[ -n "$hubpid" ] && kill "$hubpid" 2>/dev/null || true
	apt-get purge -y -qq shinan-kiosk alliance-hub >/dev/null 2>&1 || true
	git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
# setpriv execs the command (its pid is the one we kill, unlike runuser's).
asHub() { setpriv --reuid=alliance-hub --regid=alliance-hub --init-groups -- "$@"; }
asKiosk() { setpriv --reuid=shinan-kiosk --regid=shinan-kiosk --init-groups -- "$@"; }
waitHealthy() { # URL
	for _ in $(seq 100); do
		curl -fsk "$1/healthz" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	fail "the hub at $1 did not answer /healthz"
}
stopHub() {
	kill "$hubpid"
	wait "$hubpid" 2>/dev/null || true
	hubpid=
	! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "the hub still listens after it was stopped"
}
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
# A clean start: neither package installed.
apt-get purge -y -qq shinan-kiosk alliance-hub >/dev/null 2>&1 || true

step "building the older build ($OLD_REF) and packaging it as 0.1.0"
git -C "$repo" cat-file -e "$OLD_REF^{commit}" 2>/dev/null ||
	fail "commit $OLD_REF is not in this clone (a shallow clone?): the upgrade test needs the project's history"
git -C "$repo" worktree add --detach "$work/old" "$OLD_REF" >/dev/null 2>&1
mkdir -p "$work/pkg/bin" "$work/pkg/cmd/kiosk"
(cd "$work/old" && CGO_ENABLED=1 go build -tags sqlite_fts5 -o "$work/pkg/bin/kiosk" ./cmd/kiosk &&
	CGO_ENABLED=1 go build -tags sqlite_fts5 -o "$work/pkg/bin/alliance-sync" ./cmd/sync)
ln -s "$repo/packaging" "$work/pkg/packaging"
ln -s "$repo/README.md" "$work/pkg/README.md"
ln -s "$repo/cmd/kiosk/Icon.png" "$work/pkg/cmd/kiosk/Icon.png"
for p in kiosk hub; do
	name=shinan-kiosk
	[ $p = hub ] && name=alliance-hub
	(cd "$work/pkg" && VERSION=0.1.0 COMMIT=$OLD_REF go run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2 pkg \
		--packager deb --config packaging/nfpm-$p.yaml --target "$work/${name}_0.1.0_amd64.deb" >/dev/null)
done

step "installing the older packages (apt-get resolves their dependencies)"
apt-get install -y -qq "$work/alliance-hub_0.1.0_amd64.deb" "$work/shinan-kiosk_0.1.0_amd64.deb" >/dev/null
getent passwd alliance-hub >/dev/null || fail "no alliance-hub user"
getent passwd shinan-kiosk >/dev/null || fail "no shinan-kiosk user"
[ "$(stat -c %U:%a /var/lib/alliance-hub)" = alliance-hub:750 ] || fail "/var/lib/alliance-hub is $(stat -c %U:%a /var/lib/alliance-hub)"
hubdb=/var/lib/alliance-hub/hub.db kdb=/var/lib/shinan-kiosk/kiosk.db
# The hub's user reads the pack: a copy it can reach, wherever the clone is.
chmod 0755 "$work"
cp -r "$repo/assets/sample" "$work/sample" && chmod -R a+rX "$work/sample"
asHub alliance-sync import --db "$hubdb" "$work/sample" >/dev/null
# Not through asHub: a function would run in a subshell, whose pid is not the hub's.
setpriv --reuid=alliance-hub --regid=alliance-hub --init-groups -- alliance-sync serve --db "$hubdb" --addr "127.0.0.1:$port" >"$work/old-hub.log" 2>&1 &
hubpid=$!
waitHealthy "http://127.0.0.1:$port"
code=$(asHub alliance-sync enroll --db "$hubdb" --name centre-1 --community yanchenglu | sed -n 's/.*: \([A-Z0-9]\{4\}-[A-Z0-9]\{4\}\)$/\1/p' | head -1)
[ -n "$code" ] || fail "no enrolment code from the old hub"
asKiosk shinan-kiosk-sync join --db "$kdb" --hub "http://127.0.0.1:$port" --code "$code" >/dev/null
asKiosk shinan-kiosk-sync now --db "$kdb" >"$work/now0.log" 2>&1 || fail "the old kiosk did not sync with the old hub: $(tail -5 "$work/now0.log")"
stopHub
before=$(asHub alliance-sync kiosks --db "$hubdb" | grep -c centre-1)
# The schema version is PRAGMA user_version, bytes 60-63 of the file's
# header (current once the hub closed the database).
schema() { od -An -tu1 -j60 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}'; }
oldschema=$(schema "$hubdb")
oldkiosk=$(schema "$kdb")

step "upgrading to $version"
apt-get install -y -qq "$dist/alliance-hub_${version}_amd64.deb" "$dist/shinan-kiosk_${version}_amd64.deb" >/dev/null
[ "$(dpkg-query -W -f='${Version}' alliance-hub)" = "$version" ] || fail "alliance-hub is not at $version"
alliance-sync --version | tee "$work/v1" | grep -q "^alliance-sync $version (" || fail "alliance-sync --version: $(cat "$work/v1")"
LANG=en_US.UTF-8 shinan-kiosk --version | tee "$work/v2" | grep -q "^kiosk $version (" || fail "shinan-kiosk --version: $(cat "$work/v2")"
alliance-hub --version >/dev/null
echo "   $(cat "$work/v1")"
echo "   $(cat "$work/v2")"

step "the hub migrates its database on start; the kiosk and its data are still there"
ALLIANCE_HUB_ADDR=127.0.0.1:$port ALLIANCE_HUB_TLS_CERT= ALLIANCE_HUB_TLS_KEY= ALLIANCE_HUB_TLS_GENERATE=false \
	ALLIANCE_HUB_METRICS_ADDR=127.0.0.1:$((port + 1)) alliance-hub serve >"$work/hub.log" 2>&1 &
hubpid=$!
waitHealthy "http://127.0.0.1:$port"
[ "$(alliance-hub kiosks | grep -c centre-1)" = "$before" ] || fail "the hub lost its kiosk"
asKiosk shinan-kiosk-sync now --db "$kdb" >"$work/now1.log" 2>&1 || fail "the kiosk did not sync after the upgrade: $(tail -5 "$work/now1.log"; tail -5 "$work/hub.log")"
asKiosk shinan-kiosk-sync status --db "$kdb" | tee "$work/status" | grep -q "127.0.0.1:$port" || fail "kiosk status: $(cat "$work/status")"
alliance-hub kiosks | grep centre-1 | grep -q "$version" || fail "the hub does not list the kiosk at $version: $(alliance-hub kiosks)"
for _ in $(seq 25); do # the hub records the kiosk's bye just after the kiosk is done
	curl -fs "http://127.0.0.1:$((port + 1))/metrics" >"$work/metrics" || fail "no /metrics"
	grep -q '^alliance_hub_kiosks{state="ok"} 1$' "$work/metrics" && break
	sleep 0.2
done
grep -q '^alliance_hub_kiosks{state="ok"} 1$' "$work/metrics" || fail "/metrics does not count the kiosk: $(grep -E '^alliance_hub_(kiosks|scrape)' "$work/metrics")"
stopHub
newschema=$(schema "$hubdb")
[ "$newschema" -gt "$oldschema" ] || fail "the hub's schema is still version $newschema (was $oldschema)"
newkiosk=$(schema "$kdb")
[ "$newkiosk" -gt "$oldkiosk" ] || fail "the kiosk's schema is still version $newkiosk (was $oldkiosk)"
echo "   hub schema $oldschema -> $newschema, kiosk schema $oldkiosk -> $newkiosk; the kiosk centre-1, its enrolment and content kept"

step "the hub as packaged: a self-signed certificate, a kiosk joining by the key's pin, a backup"
ALLIANCE_HUB_ADDR=127.0.0.1:$port ALLIANCE_HUB_METRICS_ADDR= alliance-hub serve >"$work/hub-tls.log" 2>&1 &
hubpid=$!
waitHealthy "https://127.0.0.1:$port"
[ -f /var/lib/alliance-hub/tls/hub.pem ] || fail "no certificate was made"
[ "$(stat -c %U:%a /var/lib/alliance-hub/tls/hub.key)" = alliance-hub:600 ] || fail "the key is $(stat -c %U:%a /var/lib/alliance-hub/tls/hub.key)"
full=$(alliance-hub enroll --name centre-2 --community yanchenglu | sed -n 's/^Enrolment code for centre-2: //p')
[ "$(echo "$full" | tr -cd - | wc -c)" = 4 ] || fail "the code does not carry the key's pin: $full"
k2=$(mktemp -d) && chown shinan-kiosk "$k2"
asKiosk shinan-kiosk-sync join --db "$k2/kiosk.db" --hub "https://127.0.0.1:$port" --code "$full" >/dev/null || fail "join by pin"
asKiosk shinan-kiosk-sync now --db "$k2/kiosk.db" >"$work/now2.log" 2>&1 || fail "a sync over the pinned certificate: $(tail -5 "$work/now2.log")"
alliance-hub backup /var/lib/alliance-hub/backups | tee "$work/backup" | grep -q "^Backed up" || fail "backup: $(cat "$work/backup")"
alliance-hub restore --check /var/lib/alliance-hub/backups/hub-*.db >/dev/null || fail "the backup does not check"
alliance-hub user add --name 周明 --role operator --url "https://127.0.0.1:$port" admin | tee "$work/useradd" |
	grep -q "/console/setup?token=" || fail "the first operator: $(cat "$work/useradd")"
alliance-hub user list | grep -q "^admin" || fail "user list: $(alliance-hub user list)"
rm -rf "$k2"
stopHub

step "removing keeps the data; purging deletes it"
apt-get remove -y -qq alliance-hub shinan-kiosk >/dev/null
[ ! -e /usr/bin/alliance-sync ] && [ ! -e /usr/bin/shinan-kiosk ] || fail "programs left after remove"
[ -f "$hubdb" ] && [ -f "$kdb" ] && [ -f /etc/alliance-hub/hub.toml ] || fail "remove deleted data or configuration"
apt-get purge -y -qq alliance-hub shinan-kiosk >/dev/null
[ ! -e /var/lib/alliance-hub ] && [ ! -e /var/lib/shinan-kiosk ] && [ ! -e /etc/alliance-hub ] || fail "purge left data behind"
! getent passwd alliance-hub >/dev/null || fail "purge left the alliance-hub user"
echo "package-test: 1 passed, 0 failed"
