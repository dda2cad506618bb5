// Package usbdrive finds the USB sticks mounted on the kiosk, so exports
// go to the stick staff plug in rather than a folder typed in.
//
// A drive is a mount in the system's mount table (/proc/mounts) whose
// mount point lies under one of the folders desktops mount removable
// media in (/media and /run/media, as udisks2 does: /media/USER/LABEL or
// /run/media/USER/LABEL). Watch reads the table again every interval and
// reports when the drives change, so a stick is found when it is
// plugged in and forgotten when it is pulled out. Mounting is left to
// the system (udisks2's automount in the desktop session).
package usbdrive

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Drive is a mounted removable drive.
type Drive struct {
	Path     string // its mount point, where files go
	Device   string // /dev/sdb1
	FS       string // vfat, exfat, ntfs3…
	ReadOnly bool
	Free     uint64 // bytes free, 0 when not known
}

// Label is the drive's name as the desktop mounted it: its mount point's
// last element (the volume label, or its UUID).
func (d Drive) Label() string { return filepath.Base(d.Path) }

// Finder finds drives in a mount table.
type Finder struct {
	// Mounts is the mount table to read: /proc/mounts on a kiosk; a test
	// gives a file of its own.
	Mounts string
	// Roots are the folders removable drives are mounted under.
	Roots []string
}

// New is a Finder of the system's mounts under /media and /run/media.
func New() *Finder {
	return &Finder{Mounts: "/proc/mounts", Roots: []string{"/media", "/run/media"}}
}

// pseudo file systems are never a drive, wherever they are mounted.
var pseudo = map[string]bool{"proc": true, "sysfs": true, "tmpfs": true, "devtmpfs": true, "cgroup": true, "cgroup2": true,
	"overlay": true, "autofs": true, "fuse.gvfsd-fuse": true, "fusectl": true, "debugfs": true, "tracefs": true, "securityfs": true}

// Drives lists the drives mounted now, by mount point.
func (f *Finder) Drives() ([]Drive, error) {
	file, err := os.Open(f.Mounts)
	if err != nil {
		return nil, fmt.Errorf("find usb drives: %w", err)
	}
	defer file.Close()
	var out []Drive
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || pseudo[fields[2]] {
			continue
		}
		d := Drive{Device: unescape(fields[0]), Path: unescape(fields[1]), FS: fields[2]}
		if !f.under(d.Path) {
			continue
		}
		d.ReadOnly = slices.Contains(strings.Split(fields[3], ","), "ro")
		var st syscall.Statfs_t
		if syscall.Statfs(d.Path, &st) == nil {
			d.Free = st.Bavail * uint64(st.Bsize)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("find usb drives: %w", err)
	}
	slices.SortFunc(out, func(a, b Drive) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// under reports whether path lies strictly below one of the roots.
func (f *Finder) under(path string) bool {
	for _, r := range f.Roots {
		if rel, err := filepath.Rel(r, path); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			return true
		}
	}
	return false
}

// unescape undoes the mount table's octal escapes (\040 for a space).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Watch reports the drives to changed at once and then each time they
// change (a stick plugged in or pulled out), reading the mount table
// every interval, until ctx ends. A table that cannot be read counts as
// no drives.
func (f *Finder) Watch(ctx context.Context, every time.Duration, changed func([]Drive)) {
	var last []Drive
	first := true
	for {
		now, _ := f.Drives()
		if first || !sameDrives(now, last) {
			changed(now)
			first, last = false, now
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// sameDrives compares two lists by mount point and device (free space
// changes as files are written).
func sameDrives(a, b []Drive) bool {
	return slices.EqualFunc(a, b, func(x, y Drive) bool {
		return x.Path == y.Path && x.Device == y.Device && x.ReadOnly == y.ReadOnly
	})
}
