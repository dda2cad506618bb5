package pack

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/safefs"
)

// addMedia loads a media file once and returns its SHA-256. Its size is
// checked before it is read.
func (l *loader) addMedia(file string, line int, ref string) string {
	clean := path.Clean(ref)
	if ref == "" || path.IsAbs(ref) || strings.HasPrefix(clean, "../") || clean == ".." || !strings.HasPrefix(clean, "media/") {
		l.problem(file, line, "media path %q must be inside the pack's media/ folder", ref)
		return ""
	}
	if i, ok := l.blobs[clean]; ok {
		return l.pack.Blobs[i].SHA256
	}
	info, err := fs.Stat(l.fsys, clean)
	if err == nil && info.IsDir() {
		err = errors.New("is a folder, want a file")
	}
	if err != nil {
		l.problem(file, line, "media file %q: %s", ref, describe(clean, err))
		return ""
	}
	if info.Size() > alliance.MaxMediaBytes {
		l.problem(file, line, "media file %q is %d bytes, more than the limit of %d", ref, info.Size(), alliance.MaxMediaBytes)
		return ""
	}
	data, err := safefs.ReadFile(l.fsys, clean, alliance.MaxMediaBytes)
	if err != nil {
		l.problem(file, line, "media file %q: %s", ref, describe(clean, err))
		return ""
	}
	mime, ok := sniffImage(data)
	if !ok {
		l.problem(file, line, "media file %q is %s, want a PNG, JPEG, GIF or WebP image", ref, mime)
		return ""
	}
	sum := sha256.Sum256(data)
	b := alliance.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), MIME: mime}
	if l.keepData {
		b.Data = data
	}
	l.blobs[clean] = len(l.pack.Blobs)
	l.pack.Blobs = append(l.pack.Blobs, b)
	return b.SHA256
}

// images are the formats a pack's media may have, by their first bytes.
var images = []struct {
	mime  string
	magic string // "?" matches any byte
}{
	{"image/png", "\x89PNG\r\n\x1a\n"},
	{"image/jpeg", "\xff\xd8\xff"},
	{"image/gif", "GIF87a"},
	{"image/gif", "GIF89a"},
	{"image/webp", "RIFF????WEBPVP"},
}

// sniffImage names the image format of data, the way browsers (and
// net/http.DetectContentType) recognise these four. When data is none of
// them it says roughly what data is instead, for the problem message.
func sniffImage(data []byte) (string, bool) {
	for _, img := range images {
		if matches(data, img.magic) {
			return img.mime, true
		}
	}
	head := data[:min(len(data), 512)]
	if len(data) > 0 && utf8.Valid(head[:len(head)-incompleteRune(head)]) && !bytes.ContainsRune(head, 0) {
		return "text/plain", false
	}
	return "not an image", false
}

func matches(data []byte, magic string) bool {
	if len(data) < len(magic) {
		return false
	}
	for i := 0; i < len(magic); i++ {
		if magic[i] != '?' && data[i] != magic[i] {
			return false
		}
	}
	return true
}

// incompleteRune is how many bytes at the end of b are the start of a
// rune cut off by taking only the first bytes of a file.
func incompleteRune(b []byte) int {
	for n := 1; n <= 3 && n <= len(b); n++ {
		if utf8.RuneStart(b[len(b)-n]) {
			if !utf8.FullRune(b[len(b)-n:]) {
				return n
			}
			return 0
		}
	}
	return 0
}
