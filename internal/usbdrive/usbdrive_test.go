package usbdrive_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/internal/usbdrive"
)

// A mount table written by the test: a stick under its media folder is
// found (with a space in its label), the rest of the system's mounts are
// not, and a read-only stick says so.
func TestDrivesFromTheMountTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	stick := filepath.Join(media, "kiosk", "KINGSTON 8G")
	os.MkdirAll(stick, 0o755)
	table := filepath.Join(dir, "mounts")
	write := func(lines ...string) {
		if err := os.WriteFile(table, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	esc := strings.ReplaceAll(stick, " ", `\040`)
	write("proc /proc proc rw 0 0",
		"/dev/sda1 / ext4 rw,relatime 0 0",
		"tmpfs "+media+"/kiosk/tmp tmpfs rw 0 0",
		"/dev/sdb1 "+esc+" vfat rw,nosuid,nodev,uid=1000 0 0",
		"/dev/sdc1 "+media+"/kiosk/OLD exfat ro,nosuid 0 0",
		"/dev/sdd1 "+media+" vfat rw 0 0", // the root itself is no drive
		"broken line")
	f := &usbdrive.Finder{Mounts: table, Roots: []string{media}}
	got, err := f.Drives()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("drives %+v, want 2", got)
	}
	if d := got[0]; d.Path != stick || d.Device != "/dev/sdb1" || d.FS != "vfat" || d.ReadOnly || d.Label() != "KINGSTON 8G" || d.Free == 0 {
		t.Errorf("stick: %+v", d)
	}
	if d := got[1]; d.Label() != "OLD" || !d.ReadOnly {
		t.Errorf("read-only stick: %+v", d)
	}
	if _, err := (&usbdrive.Finder{Mounts: filepath.Join(dir, "none")}).Drives(); err == nil {
		t.Error("a missing mount table gave no error")
	}
}

// Watch reports a stick when it is plugged in and again when it is
// pulled out, and nothing in between.
func TestWatchSeesAStickComeAndGo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	stick := filepath.Join(media, "kiosk", "STICK")
	os.MkdirAll(stick, 0o755)
	table := filepath.Join(dir, "mounts")
	os.WriteFile(table, []byte("/dev/sda1 / ext4 rw 0 0\n"), 0o644)
	f := &usbdrive.Finder{Mounts: table, Roots: []string{media}}
	var mu sync.Mutex
	var seen [][]usbdrive.Drive
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		f.Watch(ctx, 10*time.Millisecond, func(d []usbdrive.Drive) { mu.Lock(); seen = append(seen, d); mu.Unlock() })
		close(done)
	}()
	wait := func(n int) {
		t.Helper()
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			k := len(seen)
			mu.Unlock()
			if k >= n {
				return
			}
		}
		t.Fatalf("Watch reported %d changes, want %d", len(seen), n)
	}
	wait(1)
	os.WriteFile(table, []byte("/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 "+stick+" vfat rw 0 0\n"), 0o644)
	wait(2)
	time.Sleep(50 * time.Millisecond)
	os.WriteFile(table, []byte("/dev/sda1 / ext4 rw 0 0\n"), 0o644)
	wait(3)
	cancel()
	<-done
	if len(seen) != 3 || len(seen[0]) != 0 || len(seen[1]) != 1 || seen[1][0].Path != stick || len(seen[2]) != 0 {
		t.Errorf("changes seen: %+v", seen)
	}
}

// A real USB stick: a FAT image loop-mounted under a media folder (root
// only), found in /proc/mounts, written to, and gone once unmounted.
func TestLoopMountedStick(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("loop-mounting a FAT image needs root")
	}
	if _, err := exec.LookPath("mkfs.vfat"); err != nil {
		t.Skip("mkfs.vfat is missing: install Debian's dosfstools (make deps)")
	}
	dir := t.TempDir()
	img := filepath.Join(dir, "stick.img")
	if err := os.WriteFile(img, make([]byte, 8<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mkfs.vfat", "-n", "KIOSKUSB", img).CombinedOutput(); err != nil {
		t.Fatalf("mkfs.vfat: %v %s", err, out)
	}
	media := filepath.Join(dir, "media")
	stick := filepath.Join(media, "root", "KIOSKUSB")
	os.MkdirAll(stick, 0o755)
	if out, err := exec.Command("mount", "-o", "loop,utf8", "-t", "vfat", img, stick).CombinedOutput(); err != nil {
		// A container may lack loop devices, or a kernel the vfat driver.
		t.Skipf("cannot loop-mount a FAT image here: %v %s", err, strings.TrimSpace(string(out)))
	}
	mounted := true
	unmount := func() {
		if mounted {
			if out, err := exec.Command("umount", stick).CombinedOutput(); err != nil {
				t.Errorf("umount: %v %s", err, out)
			}
			mounted = false
		}
	}
	t.Cleanup(unmount)
	f := &usbdrive.Finder{Mounts: "/proc/mounts", Roots: []string{media}}
	got, err := f.Drives()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Path != stick || got[0].FS != "vfat" || !strings.HasPrefix(got[0].Device, "/dev/loop") || got[0].Free < 6<<20 {
		t.Fatalf("drives %+v, want the loop-mounted stick", got)
	}
	name := filepath.Join(stick, "点名册.csv")
	if err := os.WriteFile(name, []byte("\ufeff课程,日期\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unmount()
	if got, _ := f.Drives(); len(got) != 0 {
		t.Errorf("drives after unmounting: %+v", got)
	}
	// Mounted again, the file is there under its Chinese name.
	if out, err := exec.Command("mount", "-o", "loop,utf8", "-t", "vfat", img, stick).CombinedOutput(); err != nil {
		t.Fatalf("mount again: %v %s", err, out)
	}
	mounted = true
	b, err := os.ReadFile(name)
	if err != nil || string(b) != "\ufeff课程,日期\r\n" {
		t.Errorf("file on the stick: %q %v", b, err)
	}
}
