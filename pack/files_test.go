package pack_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/pack"
)

// writePack writes a pack's files into a new folder and returns it.
func writePack(t testing.TB, fsys fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range fsys {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkWithin runs pack check on dir, failing the test if it takes longer
// than d (a loader that reads /dev/zero or opens a pipe never returns).
func checkWithin(t *testing.T, dir string, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := pack.CheckDir(context.Background(), dir)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("pack check still running after %v", d)
		return nil
	}
}

func wantProblem(t *testing.T, err error, want string) {
	t.Helper()
	var pe *pack.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a *pack.Error", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got:\n%v\nwant a line containing %q", err, want)
	}
}

// withImage is the base pack with a post that shows media/a.png.
func withImage() fstest.MapFS {
	fsys := basePack()
	fsys["posts/p1.md"] = &fstest.MapFile{Data: []byte(post(goodPost+"images: [media/a.png]\n", "正文"))}
	return fsys
}

// Issue 9, item 9: events.yaml linked to /dev/zero ran pack check out of
// memory.
func TestSymlinkToDevZeroIsNotRead(t *testing.T) {
	t.Parallel()
	dir := writePack(t, basePack())
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "events.yaml")); err != nil {
		t.Fatal(err)
	}
	err := checkWithin(t, dir, 10*time.Second)
	wantProblem(t, err, "events.yaml: cannot read: is a symbolic link")
}

// Issue 9, item 9: a named pipe as a media file hung pack check.
func TestFIFOIsNeverOpened(t *testing.T) {
	t.Parallel()
	fsys := withImage()
	delete(fsys, "media/a.png")
	dir := writePack(t, fsys)
	if err := syscall.Mkfifo(filepath.Join(dir, "media", "a.png"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "posts", "p2.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := checkWithin(t, dir, 10*time.Second)
	wantProblem(t, err, `posts/p1.md:7: media file "media/a.png": is a named pipe (FIFO)`)
	wantProblem(t, err, `posts/p2.md: cannot read: is a named pipe (FIFO)`)
}

// Issue 9, item 9: a symbolic link to an image outside the pack was
// accepted. Links are refused even when they stay inside the pack, and so
// is a folder that is a link.
func TestSymlinksAreRefused(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("to a file outside", func(t *testing.T) {
		fsys := withImage()
		delete(fsys, "media/a.png")
		dir := writePack(t, fsys)
		os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(dir, "media", "a.png"))
		wantProblem(t, checkWithin(t, dir, 10*time.Second), `media file "media/a.png": is a symbolic link`)
	})
	t.Run("inside the pack", func(t *testing.T) {
		fsys := withImage()
		delete(fsys, "media/a.png")
		fsys["media/b.png"] = &fstest.MapFile{Data: png}
		dir := writePack(t, fsys)
		os.Symlink("b.png", filepath.Join(dir, "media", "a.png"))
		wantProblem(t, checkWithin(t, dir, 10*time.Second), `media file "media/a.png": is a symbolic link`)
	})
	t.Run("a folder", func(t *testing.T) {
		fsys := withImage()
		delete(fsys, "media/a.png")
		delete(fsys, "media/notes.txt")
		dir := writePack(t, fsys)
		os.Remove(filepath.Join(dir, "media"))
		os.Rename(filepath.Join(outside, "secret.png"), filepath.Join(outside, "a.png"))
		os.Symlink(outside, filepath.Join(dir, "media"))
		wantProblem(t, checkWithin(t, dir, 10*time.Second), `media file "media/a.png": media is a symbolic link`)
	})
	t.Run("a lesson folder", func(t *testing.T) {
		dir := writePack(t, basePack())
		os.Mkdir(filepath.Join(dir, "lessons"), 0o755)
		os.Symlink(outside, filepath.Join(dir, "lessons", "01-x"))
		wantProblem(t, checkWithin(t, dir, 10*time.Second), `lessons/01-x: cannot read: is a symbolic link`)
	})
}

// Issue 9, item 9: a 200 MB media file was read whole before its size was
// checked. Now the size is checked first, and nothing of it is read.
func TestOversizeFilesAreNotRead(t *testing.T) {
	// Not parallel: it measures the memory the whole test binary allocates.
	fsys := withImage()
	delete(fsys, "media/a.png")
	dir := writePack(t, fsys)
	sparse := func(name string, size int64) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		f.Write(png)
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
	}
	sparse("media/a.png", 200<<20)
	sparse("events.yaml", pack.MaxYAMLBytes+1)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := checkWithin(t, dir, 10*time.Second)
	runtime.ReadMemStats(&after)
	wantProblem(t, err, fmt.Sprintf(`media file "media/a.png" is %d bytes, more than the limit of %d`, 200<<20, alliance.MaxMediaBytes))
	wantProblem(t, err, fmt.Sprintf(`events.yaml: is %d bytes, more than the limit of %d`, pack.MaxYAMLBytes+1, pack.MaxYAMLBytes))
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("checking allocated %d MB: the oversize files were read", got>>20)
	}
}

// bigDirectory is a directory.yaml of at least size bytes, in short
// records: the shape that took 40 times its size to check.
func bigDirectory(size int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "- id: d%d\n  name: 热线%d\n  number: 0532-0000-%04d\n  category: hotline\n", i, i, i%10000)
	}
	return []byte(b.String())
}

// Issue 9, item 9: a 28.7 MB directory.yaml took 1.2 GB to check (the
// whole file's parse tree at once, about 40 times its size). Now a big
// file is parsed a few records at a time.
func TestBigFileMemoryIsBounded(t *testing.T) {
	size := 8 << 20
	if testing.Short() {
		size = 3 << 20 // the same bound, on a file make test reads quickly
	}
	data := bigDirectory(size)
	fsys := basePack()
	fsys["directory.yaml"] = &fstest.MapFile{Data: data}
	dir := writePack(t, fsys)

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := base.HeapInuse
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	p, err := pack.CheckDir(context.Background(), dir)
	close(stop)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	grew := peak - base.HeapInuse
	t.Logf("%d records, %d MB of YAML: peak heap grew by %d MB (%.1f times the file)",
		len(p.Directory), len(data)>>20, grew>>20, float64(grew)/float64(len(data)))
	if grew > 15*uint64(len(data)) {
		t.Errorf("checking a %d MB file took %d MB of heap, want under 15 times the file", len(data)>>20, grew>>20)
	}
}

// The loader stops when its context is done: alliance-sync pack check
// exits at once on SIGTERM, even in the middle of a big file.
func TestLoadStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	fsys := basePack()
	fsys["directory.yaml"] = &fstest.MapFile{Data: bigDirectory(4 << 20)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := pack.Load(ctx, fsys)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = pack.Load(ctx, fsys)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to stop", d)
	}
}
