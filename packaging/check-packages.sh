#!/usr/bin/env bash
# Checks the two .deb packages `make package` built: metadata and the files
# each must hold (dpkg-deb), the maintainer scripts' syntax, and the systemd
# units (systemd-analyze verify, against the package's own files).
# Usage: check-packages.sh DIST VERSION
set -euo pipefail
dist=$1 version=$2
kiosk=$dist/shinan-kiosk_${version}_amd64.deb
hub=$dist/alliance-hub_${version}_amd64.deb
fail() { echo "package check: $*" >&2; exit 1; }

field() { dpkg-deb -f "$1" "$2"; }
has() { # deb path [mode]
	local line
	line=$(dpkg-deb -c "$1" | awk -v p=".$2" '$6 == p || $6 == p" ->" {print; exit}')
	[ -n "$line" ] || fail "$(basename "$1") lacks $2"
	if [ -n "${3:-}" ]; then
		case $line in "$3"*) ;; *) fail "$(basename "$1"): $2 is ${line%% *}, want $3" ;; esac
	fi
}

for deb in "$kiosk" "$hub"; do
	[ -f "$deb" ] || fail "$deb is missing: run make package"
	dpkg-deb --info "$deb" >/dev/null || fail "$deb is not a Debian package"
	[ "$(field "$deb" Version)" = "$version" ] || fail "$deb: version $(field "$deb" Version), want $version"
	[ "$(field "$deb" Architecture)" = amd64 ] || fail "$deb: architecture"
	[ -n "$(field "$deb" Maintainer)" ] && [ -n "$(field "$deb" Description)" ] || fail "$deb: no maintainer or description"
	t=$(mktemp -d)
	dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$t"
	for s in postinst prerm postrm; do
		[ -x "$t/$s" ] || fail "$deb: no executable $s"
		sh -n "$t/$s" || fail "$deb: $s does not parse"
	done
	rm -rf "$t"
done

[ "$(field "$kiosk" Package)" = shinan-kiosk ] || fail "kiosk package name"
for dep in libgl1 libx11-6 xserver-xorg-core xinit x11-xserver-utils adduser; do
	field "$kiosk" Depends | grep -qw -- "$dep" || fail "shinan-kiosk does not depend on $dep"
done
has "$kiosk" /usr/bin/shinan-kiosk -rwxr-xr-x
has "$kiosk" /usr/lib/shinan-kiosk/alliance-sync -rwxr-xr-x
has "$kiosk" /usr/bin/shinan-kiosk-sync
has "$kiosk" /usr/lib/shinan-kiosk/shinan-kiosk-session -rwxr-xr-x
has "$kiosk" /lib/systemd/system/shinan-kiosk-session.service -rw-r--r--
has "$kiosk" /usr/share/applications/org.shinan.kiosk.desktop -rw-r--r--
has "$kiosk" /usr/share/icons/hicolor/512x512/apps/org.shinan.kiosk.png
has "$kiosk" /etc/X11/xorg.conf.d/50-shinan-kiosk.conf
dpkg-deb -c "$kiosk" | grep -q ' ./usr/bin/alliance-sync$' && fail "shinan-kiosk must not ship /usr/bin/alliance-sync (alliance-hub does)"

[ "$(field "$hub" Package)" = alliance-hub ] || fail "hub package name"
has "$hub" /usr/bin/alliance-sync -rwxr-xr-x
has "$hub" /usr/sbin/alliance-hub -rwxr-xr-x
has "$hub" /lib/systemd/system/alliance-hub.service -rw-r--r--
has "$hub" /lib/systemd/system/alliance-hub-backup.service
has "$hub" /lib/systemd/system/alliance-hub-backup.timer
has "$hub" /etc/alliance-hub/hub.toml -rw-r-----
t=$(mktemp -d)
dpkg-deb --ctrl-tarfile "$hub" | tar -x -C "$t" ./conffiles
grep -qx /etc/alliance-hub/hub.toml "$t/conffiles" || fail "alliance-hub: hub.toml is not a conffile"
rm -rf "$t"

# The .desktop file, where the validator is installed.
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate packaging/kiosk/org.shinan.kiosk.desktop
fi

# systemd-analyze verify on each unit, inside a root made of the package's
# own files (it checks that ExecStart's programs exist there).
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$kiosk" "$root"
dpkg-deb -x "$hub" "$root"
# The host's own units (targets the ours are ordered against).
mkdir -p "$root/usr/lib/systemd/system"
cp -rn /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/" 2>/dev/null || true
# What the units call that the packages do not ship.
mkdir -p "$root/bin" "$root/usr/bin"
for b in /bin/kill /usr/bin/xinit; do
	[ -e "$root$b" ] || { printf '#!/bin/sh\n' >"$root$b"; chmod +x "$root$b"; }
done
out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --root="$root" --man=no \
	/lib/systemd/system/alliance-hub.service /lib/systemd/system/alliance-hub-backup.service \
	/lib/systemd/system/alliance-hub-backup.timer /lib/systemd/system/shinan-kiosk-session.service 2>&1) || {
	echo "$out" >&2
	fail "systemd-analyze verify failed"
}
# verify reports problems of units it loads besides ours (the host's); ours must be clean.
if echo "$out" | grep -E 'alliance-hub|shinan-kiosk' >&2; then
	fail "systemd-analyze verify has warnings about our units"
fi
echo "packages ok: $(basename "$kiosk") ($(dpkg-deb -c "$kiosk" | wc -l) entries), $(basename "$hub") ($(dpkg-deb -c "$hub" | wc -l) entries); units verified"
