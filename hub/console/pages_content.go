package console

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	_ "golang.org/x/image/webp" // decoding uploads; they are re-encoded as PNG

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/pack"
)

// page is the list page number (?page=, from 1) and its offset.
func pageOf(r *req, size int) (int, int) {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	p = max(p, 1)
	return p, (p - 1) * size
}

// pager is what a list's template needs to page.
func pager(r *req, page, size, total int) map[string]any {
	q := r.URL.Query()
	link := func(p int) string {
		q.Set("page", strconv.Itoa(p))
		return r.URL.Path + "?" + q.Encode()
	}
	out := map[string]any{"Page": page, "Pages": max(1, (total+size-1)/size), "Total": fmt.Sprint(total)}
	if total > hub.MaxCount {
		out["Total"], out["More"] = fmt.Sprintf("%d+", hub.MaxCount), true
	}
	if page > 1 {
		out["Prev"] = link(page - 1)
	}
	if page*size < total {
		out["Next"] = link(page + 1)
	}
	return out
}

// accountChoices are the accounts a user may publish for.
func (c *Console) accountChoices(r *req) ([]alliance.Account, error) {
	all, err := c.accounts(r.ctx())
	if err != nil {
		return nil, err
	}
	var out []alliance.Account
	for _, a := range all {
		if Allowed(r.User, ActContent, a.ID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// accounts are the published accounts, read again at most every few
// seconds: every page names communities, and they change seldom (a
// publication from the console forgets them at once).
func (c *Console) accounts(ctx context.Context) ([]alliance.Account, error) {
	c.mu.Lock()
	if time.Now().Before(c.accountsUntil) {
		defer c.mu.Unlock()
		return c.accountsCache, nil
	}
	c.mu.Unlock()
	all, err := c.DB.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.accountsCache, c.accountsUntil = all, time.Now().Add(10*time.Second)
	c.mu.Unlock()
	return all, nil
}

// forgetAccounts drops the accounts read before a publication.
func (c *Console) forgetAccounts() {
	c.mu.Lock()
	c.accountsUntil = time.Time{}
	c.mu.Unlock()
}

// communityChoices are the communities (not the district) a user may
// choose for an action.
func (c *Console) communityChoices(r *req, a Action) ([]alliance.Account, error) {
	all, err := c.accounts(r.ctx())
	if err != nil {
		return nil, err
	}
	var out []alliance.Account
	for _, x := range all {
		if x.Kind == alliance.Community && Allowed(r.User, a, x.ID) {
			out = append(out, x)
		}
	}
	return out, nil
}

func (c *Console) posts(w http.ResponseWriter, r *req) {
	page, off := pageOf(r, 50)
	items, total, err := c.DB.ListContent(r.ctx(), hub.ContentFilter{Kind: alliance.KindPost, Owner: r.Community, Limit: 50, Offset: off})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	accounts, err := c.accountChoices(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var posts []map[string]any
	now := c.DB.Now()
	for _, it := range items {
		p := it.Content.(alliance.Post)
		posts = append(posts, map[string]any{"P": p, "Origin": it.Origin, "Scheduled": p.Published.After(now),
			"Expired": !p.Expires.IsZero() && !p.Expires.After(now)})
	}
	c.render(w, r, http.StatusOK, "posts", map[string]any{"Posts": posts, "Accounts": accounts, "Account": r.Community,
		"Pager": pager(r, page, 50, total), "Names": accountNames(accounts)})
}

func accountNames(as []alliance.Account) map[string]string {
	m := map[string]string{}
	for _, a := range as {
		m[a.ID] = a.Name
	}
	return m
}

func (c *Console) postNew(w http.ResponseWriter, r *req) {
	acc := r.Community
	if acc == "" && r.User.Role.Scoped() {
		acc = r.User.Community
	}
	p := alliance.Post{Account: acc, Column: alliance.ColNotice, Published: c.DB.Now()}
	c.postForm(w, r, http.StatusOK, p, true, "")
}

func (c *Console) postEdit(w http.ResponseWriter, r *req) {
	x, _, err := c.DB.Item(r.ctx(), alliance.KindPost, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.postForm(w, r, http.StatusOK, x.(alliance.Post), false, "")
}

func (c *Console) postForm(w http.ResponseWriter, r *req, status int, p alliance.Post, isNew bool, problem string) {
	accounts, err := c.accountChoices(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var cols []alliance.ColumnInfo
	for _, ci := range alliance.Columns {
		if !ci.DistrictCol || !r.User.Role.Scoped() {
			cols = append(cols, ci)
		}
	}
	preview := r.Method == http.MethodPost && r.PostFormValue("action") == "preview"
	var shot template.URL
	if preview && problem == "" && c.Preview != nil {
		drawn, err := c.kioskPreview(r, p)
		if err != nil {
			c.Logger.Warn("console: kiosk preview", "post", p.ID, "err", err)
			problem = r.L.T("post.nopreview")
		} else {
			// A data: URL of our own PNG, drawn a moment ago: nothing else can be in it.
			shot = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(drawn))
		}
	}
	c.render(w, r, status, "post", map[string]any{"P": p, "New": isNew, "Accounts": accounts, "Columns": cols,
		"Problem": problem, "Preview": preview, "Shot": shot, "ShotSize": PreviewSize})
}

// Previewer draws a post as a kiosk shows it, into a PNG: the kiosk's own
// reader screen, theme and font (cmd/sync wires the kiosk's screens in; the
// console knows nothing of them). account is the post's; images are the
// post's image bytes by SHA-256.
type Previewer interface {
	PreviewPost(ctx context.Context, p alliance.Post, account alliance.Account, images map[string][]byte, width, height int) ([]byte, error)
}

// PreviewSize is the kiosk screen a preview is drawn for: 1280×800, the
// smallest widescreen kiosks have, where a long title wraps first.
var PreviewSize = [2]int{1280, 800}

// kioskPreview draws the post with its account and images as the hub
// holds them.
func (c *Console) kioskPreview(r *req, p alliance.Post) ([]byte, error) {
	x, _, err := c.DB.Item(r.ctx(), alliance.KindAccount, p.Account)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", p.Account, err)
	}
	images := map[string][]byte{}
	for _, h := range p.Images {
		if data, _, err := c.DB.BlobData(r.ctx(), h); err == nil {
			images[h] = data
		}
	}
	return c.Preview.PreviewPost(r.ctx(), p, x.(alliance.Account), images, PreviewSize[0], PreviewSize[1])
}

// parseTime reads a datetime-local field in district time.
func parseTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, alliance.Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errf("%q is not a date and time like 2026-12-01 09:30", v)
}

func (c *Console) postSave(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	isNew := id == ""
	var p alliance.Post
	if !isNew {
		x, _, err := c.DB.Item(r.ctx(), alliance.KindPost, id)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		p = x.(alliance.Post)
	} else {
		p.ID = hub.NewID("post")
	}
	p.Account = r.PostFormValue("account")
	p.Column = alliance.Column(r.PostFormValue("column"))
	p.Title = strings.TrimSpace(r.PostFormValue("title"))
	p.Body = strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	p.Pinned = r.PostFormValue("pinned") != ""
	p.Link = strings.TrimSpace(r.PostFormValue("link"))
	p.Source = strings.TrimSpace(r.PostFormValue("source"))
	var problems []string
	var err error
	if p.Published, err = parseTime(r.PostFormValue("published")); err != nil {
		problems = append(problems, err.Error())
	}
	if p.Published.IsZero() {
		p.Published = c.DB.Now()
	}
	if p.Expires, err = parseTime(r.PostFormValue("expires")); err != nil {
		problems = append(problems, err.Error())
	}
	if ci, ok := p.Column.Info(); ok && ci.DistrictCol && r.User.Role.Scoped() {
		problems = append(problems, r.L.T("post.districtcol"))
	}
	// Images kept: the ticked ones (uploaded before, or with a preview).
	var images []string
	for _, k := range r.PostForm["image"] {
		if alliance.SHA256Pattern.MatchString(k) {
			images = append(images, k)
		}
	}
	var blobs []alliance.Content
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["upload"] {
			if fh.Size == 0 {
				continue
			}
			f, err := fh.Open()
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			b, err := cleanImage(f, fh.Size)
			f.Close()
			if err != nil {
				problems = append(problems, fh.Filename+": "+err.Error())
				continue
			}
			blobs = append(blobs, b)
			images = append(images, b.SHA256)
		}
	}
	p.Images = images
	if len(problems) == 0 {
		if err := alliance.Canonical(p).Validate(); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(blobs) > 0 && (len(problems) > 0 || r.PostFormValue("action") == "preview") {
		// Keep the uploaded image so the preview shows it and the next
		// save need not upload it again: a blob alone is not published.
		if err := c.DB.StoreBlobs(r.ctx(), blobs...); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	if len(problems) > 0 || r.PostFormValue("action") == "preview" {
		c.postForm(w, r, statusFor(problems), p, isNew, strings.Join(problems, "; "))
		return
	}
	// Every image the post shows is published with it (unchanged ones
	// write nothing): kiosks fetch only published images.
	fresh := map[string]bool{}
	for _, b := range blobs {
		fresh[b.(alliance.Blob).SHA256] = true
	}
	for _, h := range p.Images {
		if fresh[h] {
			continue
		}
		data, mime, err := c.DB.BlobData(r.ctx(), h)
		if err != nil {
			c.postForm(w, r, http.StatusBadRequest, p, isNew, r.L.T("post.noimage"))
			return
		}
		blobs = append(blobs, alliance.Blob{SHA256: h, Size: int64(len(data)), MIME: mime})
	}
	st, err := c.DB.Publish(r.ctx(), "console", append(blobs, p)...)
	if err != nil {
		if isUserError(err) {
			c.postForm(w, r, http.StatusBadRequest, p, isNew, userMessage(err))
			return
		}
		c.fail(w, r, err)
		return
	}
	r.audit("post.publish", "post:"+p.ID, p.Account, fmt.Sprintf("%s · %s", p.Title, st))
	redirect(w, r, "/posts/"+p.ID, r.L.T("note.published"))
}

func statusFor(problems []string) int {
	if len(problems) > 0 {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

func (c *Console) postWithdraw(w http.ResponseWriter, r *req) {
	c.withdrawItem(w, r, alliance.KindPost, "post", "/posts")
}

// withdrawItem withdraws the item of kind named by the path's id (kiosks
// get its tombstone at their next sync), writes the audit line
// "what.withdraw" and goes back to the list at back.
func (c *Console) withdrawItem(w http.ResponseWriter, r *req, kind alliance.Kind, what, back string) {
	id := r.PathValue("id")
	if _, err := c.DB.Withdraw(r.ctx(), kind, id); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit(what+".withdraw", what+":"+id, r.Community, "")
	redirect(w, r, back, r.L.T("note.withdrawn"))
}

// maxPixels bounds an uploaded image's size in pixels (a small file can
// claim a huge picture).
const maxPixels = 40_000_000

// cleanImage checks an uploaded image and re-encodes it: what is stored
// has no metadata (GPS position, camera, owner) whatever the upload held.
// JPEG stays JPEG; PNG, GIF and WebP become PNG.
func cleanImage(r io.Reader, size int64) (alliance.Blob, error) {
	if size > alliance.MaxMediaBytes {
		return alliance.Blob{}, errf("the image is %d MB; at most %d MB", size>>20, alliance.MaxMediaBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(r, alliance.MaxMediaBytes+1))
	if err != nil {
		return alliance.Blob{}, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return alliance.Blob{}, errf("not a PNG, JPEG, GIF or WebP image")
	}
	if cfg.Width*cfg.Height > maxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return alliance.Blob{}, errf("the image is %d×%d pixels; too large", cfg.Width, cfg.Height)
	}
	var img image.Image
	if format == "gif" {
		img, err = gif.Decode(bytes.NewReader(data)) // the first frame
	} else {
		img, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return alliance.Blob{}, errf("the image cannot be read: %v", err)
	}
	var out bytes.Buffer
	mime := "image/png"
	if format == "jpeg" {
		mime = "image/jpeg"
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 88})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img)
	}
	if err != nil {
		return alliance.Blob{}, err
	}
	if out.Len() > alliance.MaxMediaBytes {
		return alliance.Blob{}, errf("the image is too large once cleaned; make it smaller")
	}
	sum := sha256.Sum256(out.Bytes())
	return alliance.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(out.Len()), MIME: mime, Data: out.Bytes()}, nil
}

func (c *Console) blob(w http.ResponseWriter, r *req) {
	sha := r.PathValue("sha")
	if !alliance.SHA256Pattern.MatchString(sha) {
		c.errorPage(w, r.Request, http.StatusNotFound, "err.notfound")
		return
	}
	data, mime, err := c.DB.BlobData(r.ctx(), sha)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", mime)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Write(data)
}

// Content packs: upload, check, see what changes, confirm.

type pendingPack struct {
	user    int64
	name    string
	data    []byte
	expires time.Time
}

func (c *Console) packPage(w http.ResponseWriter, r *req) {
	c.render(w, r, http.StatusOK, "pack", map[string]any{})
}

// loadZip loads a content pack from a zip: its files at the top, or in one
// folder at the top.
func loadZip(r *req, data []byte) (*alliance.Pack, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errf("not a zip file: %v", err)
	}
	root := ""
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "manifest.yaml") && strings.Count(strings.Trim(f.Name, "/"), "/") <= 1 {
			root = strings.TrimSuffix(f.Name, "manifest.yaml")
			break
		}
	}
	var sub fs.FS = zr
	if root = strings.TrimSuffix(root, "/"); root != "" {
		if sub, err = fs.Sub(zr, root); err != nil {
			return nil, errf("%v", err)
		}
	}
	p, err := pack.Load(r.ctx(), sub)
	if err != nil {
		return nil, formError(err.Error())
	}
	return p, nil
}

func (c *Console) packUpload(w http.ResponseWriter, r *req) {
	f, fh, err := r.FormFile("pack")
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "pack", map[string]any{"Problem": r.L.T("pack.choose")})
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p, err := loadZip(r, data)
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "pack", map[string]any{"Problem": err.Error()})
		return
	}
	var opts []alliance.ImportOption
	st, err := c.DB.PlanPack(r.ctx(), p, opts...)
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "pack", map[string]any{"Problem": err.Error()})
		return
	}
	token := hub.NewID("pack")
	c.mu.Lock()
	for k, v := range c.packs {
		if time.Now().After(v.expires) {
			delete(c.packs, k)
		}
	}
	c.packs[token] = pendingPack{user: r.User.ID, name: fh.Filename, data: data, expires: time.Now().Add(30 * time.Minute)}
	c.mu.Unlock()
	prev, _ := c.DB.PackVersion(r.ctx(), p.Manifest.ID)
	c.render(w, r, http.StatusOK, "pack", map[string]any{"Plan": st, "Token": token, "Manifest": p.Manifest, "Prev": prev, "File": fh.Filename,
		"Counts": map[string]int{"accounts": len(p.Accounts), "posts": len(p.Posts), "places": len(p.Places), "directory": len(p.Directory),
			"events": len(p.Events), "blobs": len(p.Blobs), "lessons": len(p.Lessons)}})
}

func (c *Console) packConfirm(w http.ResponseWriter, r *req) {
	token := r.PostFormValue("token")
	c.mu.Lock()
	pp, ok := c.packs[token]
	if ok && pp.user == r.User.ID {
		delete(c.packs, token)
	}
	c.mu.Unlock()
	if !ok || pp.user != r.User.ID || time.Now().After(pp.expires) {
		c.render(w, r, http.StatusBadRequest, "pack", map[string]any{"Problem": r.L.T("pack.expired")})
		return
	}
	p, err := loadZip(r, pp.data)
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "pack", map[string]any{"Problem": err.Error()})
		return
	}
	st, err := c.DB.ImportPack(r.ctx(), p)
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "pack", map[string]any{"Problem": err.Error()})
		return
	}
	c.forgetAccounts()
	r.audit("pack.import", "pack:"+p.Manifest.ID, "", fmt.Sprintf("version %d · %s · %s", p.Manifest.Version, st, pp.name))
	redirect(w, r, "/pack", r.L.Tf("note.packed", st.Added, st.Updated, st.Deleted))
}
