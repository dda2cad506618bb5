package safefs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// ErrNotRegular is matched (errors.Is) by the errors for symbolic links,
// pipes, devices and sockets.
var ErrNotRegular = errors.New("not a regular file or folder")

// KindError says that a name is something other than a regular file or a
// folder.
type KindError struct {
	Kind string // "a symbolic link", "a named pipe (FIFO)", "a device", "a socket"
}

func (e *KindError) Error() string {
	return "is " + e.Kind + ", not a regular file: only regular files and folders are read"
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *KindError) Is(target error) bool { return target == ErrNotRegular }

// SizeError says that a file is bigger than the limit for it.
type SizeError struct {
	Size, Limit int64
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("is %d bytes, more than the limit of %d", e.Size, e.Limit)
}

// ErrChanged is returned when a file changed while it was being read (it
// grew, or was replaced by something else).
var ErrChanged = errors.New("changed while it was being read")

// FS is a read-only view of a folder that opens only regular files (at
// most Max bytes each) and folders. It implements fs.FS, fs.StatFS and
// fs.ReadDirFS, so fs.Sub, fs.ReadFile and fs.WalkDir work on it and keep
// its rules.
type FS struct {
	ctx   context.Context
	inner fs.FS
	root  *os.Root // set by OpenDir: regular files are opened through it, never blocking
	max   int64
}

// New guards fsys: every name is checked, component by component, with
// fs.Lstat before it is opened. max is the largest file it will open.
func New(ctx context.Context, fsys fs.FS, max int64) *FS {
	return &FS{ctx: ctx, inner: fsys, max: max}
}

// OpenDir guards the folder dir on disk. Files are opened through an
// os.Root, so that even a link swapped in after the check cannot lead
// outside dir, and without blocking, so that a pipe swapped in cannot hang
// the reader. Close it when done.
func OpenDir(ctx context.Context, dir string, max int64) (*FS, error) {
	info, err := os.Lstat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{ctx: ctx, inner: root.FS(), root: root, max: max}, nil
}

// Close releases the folder opened by OpenDir.
func (g *FS) Close() error {
	if g.root != nil {
		return g.root.Close()
	}
	return nil
}

// check returns what name is, refusing any component that is not a folder
// (or, for the last one, a regular file).
func (g *FS) check(op, name string) (fs.FileInfo, error) {
	if err := g.ctx.Err(); err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	var info fs.FileInfo
	for i := 0; ; {
		j := strings.IndexByte(name[i:], '/')
		part := name
		if j >= 0 {
			part = name[:i+j]
		}
		var err error
		if info, err = fs.Lstat(g.inner, part); err != nil {
			return nil, err
		}
		if kind := kindOf(info.Mode()); kind != "" {
			return nil, &fs.PathError{Op: op, Path: part, Err: &KindError{Kind: kind}}
		}
		if j < 0 {
			break
		}
		if !info.IsDir() {
			return nil, &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%s is not a folder", part)}
		}
		i += j + 1
	}
	return info, nil
}

// kindOf names what a mode is when it is neither a folder nor a regular
// file.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir(), m.IsRegular():
		return ""
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// Stat returns what name is, after the checks. A file over the limit is
// listed with its size, so that callers can say so; opening it fails.
func (g *FS) Stat(name string) (fs.FileInfo, error) {
	return g.check("stat", name)
}

// ReadDir lists a folder. Entries keep their own types: callers see a
// symbolic link as one, and opening it fails.
func (g *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	info, err := g.check("readdir", name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	return fs.ReadDir(g.inner, name)
}

// Open opens a folder, or a regular file of at most the limit, after the
// checks; reading a file past the limit fails.
func (g *FS) Open(name string) (fs.File, error) {
	info, err := g.check("open", name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() && info.Size() > g.max {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &SizeError{Size: info.Size(), Limit: g.max}}
	}
	var f fs.File
	if g.root != nil && !info.IsDir() {
		f, err = g.root.OpenFile(name, os.O_RDONLY|nonBlocking, 0)
	} else {
		f, err = g.inner.Open(name)
	}
	if err != nil {
		return nil, err
	}
	// The name may have been replaced between the check and the open.
	got, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if got.Mode().Type() != info.Mode().Type() || (!got.IsDir() && got.Size() > g.max) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrChanged}
	}
	if got.IsDir() {
		return f, nil
	}
	return &file{File: f, left: g.max}, nil
}

// file stops reading at the limit, in case the file grows while it is read.
type file struct {
	fs.File
	left int64
}

func (f *file) Read(p []byte) (int, error) {
	if int64(len(p)) > f.left+1 {
		p = p[:f.left+1]
	}
	n, err := f.File.Read(p)
	f.left -= int64(n)
	if f.left < 0 {
		return n, ErrChanged
	}
	return n, err
}

// ReadFile reads a whole file of at most limit bytes from fsys, checking its
// size before reading anything. On an FS, the file must also be a regular
// file. The size error is a *SizeError.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder, want a file")}
	}
	if info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &SizeError{Size: info.Size(), Limit: limit}}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One byte more than the size, to notice a file that grew.
	buf := make([]byte, info.Size()+1)
	n, err := io.ReadFull(f, buf)
	switch {
	case (err == io.ErrUnexpectedEOF || err == io.EOF) && int64(n) == info.Size():
		return buf[:n], nil
	case err == nil || err == io.ErrUnexpectedEOF || err == io.EOF || errors.Is(err, ErrChanged):
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrChanged}
	default:
		return nil, err
	}
}
