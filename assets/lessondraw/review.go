package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"

	"github.com/shinan-alliance/alliance/lessons"
)

// writeReview draws, for every practice step of the curriculum in folder
// cur (and each phone family's form of a step that varies by phone), its
// picture with the right areas in red, the wider areas where a tap still
// counts (the player's margin) in orange and the places to avoid in blue,
// into folder dir, so a trainer can see at a glance that each area sits on
// its button.
func writeReview(cur, dir string) error {
	c, err := lessons.LoadCurriculum(os.DirFS(cur))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, l := range c.Lessons {
		for i, s := range l.Steps {
			if s.Kind != lessons.Practice {
				continue
			}
			forms := map[string]*lessons.Step{"": &l.Steps[i]}
			for fam, v := range s.Phones {
				forms["-"+fam] = v
			}
			for suffix, st := range forms {
				name := filepath.Join(dir, fmt.Sprintf("%s-%02d%s.png", l.Dir, i+1, suffix))
				if err := reviewStep(l, st, name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func reviewStep(l *lessons.Lesson, s *lessons.Step, name string) error {
	p := lessons.NewPlayer(l)
	info := l.Images[s.Image]
	src, _, err := image.Decode(bytes.NewReader(info.Data))
	if err != nil {
		return fmt.Errorf("%s: %w", s.Image, err)
	}
	img := image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, image.Point{}, draw.Src)
	for _, r := range s.Areas {
		outline(img, p.HitArea(r, info), color.RGBA{0xf0, 0x8c, 0, 0xff}, 2)
		outline(img, r, color.RGBA{0xd9, 0x30, 0x25, 0xff}, 4)
	}
	for _, a := range s.Avoid {
		outline(img, a.Area, color.RGBA{0x1e, 0x6f, 0xd9, 0xff}, 4)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return err
	}
	return os.WriteFile(name, b.Bytes(), 0o644)
}

func outline(img *image.RGBA, r image.Rectangle, col color.RGBA, w int) {
	u := image.NewUniform(col)
	for _, e := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w),
		image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y),
		image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(img, e.Intersect(img.Bounds()), u, image.Point{}, draw.Src)
	}
}
