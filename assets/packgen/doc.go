// Package packgen writes large content packs of realistic shape, for
// benchmarks: posts whose text is drawn from the sample pack's own sentences,
// spread over the 66 accounts and the columns, with a share of images.
// Nothing it makes is checked in.
package packgen
