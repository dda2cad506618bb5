// Package handwriting recognises one Chinese character drawn with a finger
// on the kiosk's writing pad, offline.
//
// A drawing is a list of strokes, each the points of one touch (any unit,
// y downwards). [Matcher] answers with candidates, best first, after each
// stroke; [Default] loads the embedded templates once. Everything
// implements [Recognizer], and so does the Zinnia baseline in
// handwriting/zinnia, so the screens can use either.
//
// # How it recognises
//
// The drawing is made steady first: each stroke is resampled and smoothed
// (a Gaussian over about 6% of the character's size), which takes out the
// oscillation of a tremor. It is then drawn as a 64×64 image, centred on
// the centre of its ink and scaled by the spread of its ink (moment
// normalisation, which a stray stroke end barely moves), and described by
// the directions of its edges (8 directions in 8×8 cells: the feature of
// offline character recognition). The image ignores stroke order, stroke direction and
// strokes joined or broken, which matter to online recognisers such as
// Zinnia but not to a resident who never learned the standard order.
//
// Each character has three prototypes, the same feature computed from its
// glyph in the three weights of the LXGW WenKai font (a Kai typeface, the
// printed form closest to handwriting), over the 6,763 characters of
// GB 2312 ordered by frequency (Rime's counts), then the 2,303
// Traditional forms of those that have one (體 for 体), 9,066 in all. The
// prototypes are reduced to their 128 principal axes (96% of the variance)
// and stored as bytes: templates.bin, 3.9 MB, made by handwriting/gen. A
// drawing's candidates are the characters with the nearest prototypes.
//
// # How it is measured
//
// handwriting/bench (in `make bench`) draws the 3,500 most common
// characters from the npm package hanzi-writer-data (the stroke medians of
// Make Me a Hanzi, traced from the Arphic Kai fonts): resampled as a pad
// reports them ("clean"), and shaken by internal/strokedata.Tremor. Nothing
// of that data set, nor of the Arphic fonts, went into the templates, and
// the tremor's random seeds are not used by the recogniser at all: the
// templates come from another font by another designer. What is shared is
// the style: both are regular Kai script. Two things were chosen by looking
// at this data, though: the recogniser's settings (moment normalisation,
// the cells' size, the smoothing, the font) were tuned on every 7th of the
// 3,500 characters, which the bench also leaves out in a line of its own, and the smoothing was tuned
// against strokedata.Tremor, a tremor of our own making, not one recorded
// from residents' hands. The medians are also cleaner than any finger on a
// glass pad: expect lower figures on real writing. With -traditional the
// bench measures the Traditional forms of those characters that have one in
// the data set (1,127). The test in `make test` does the same on 140 of the
// Simplified characters (testdata/).
package handwriting
