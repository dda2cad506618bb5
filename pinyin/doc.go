// Package pinyin finds Chinese characters and words from pinyin typed on
// an on-screen keyboard: a full QWERTY keyboard or a 9-key phone layout
// (2 abc, 3 def, … 9 wxyz).
//
// Typing may be whole syllables (bing, tijian, ti'jian), initials (tj,
// TJ, zhgx) or a mix (tijian, tjian, tij), the last syllable unfinished
// (tijia). Candidates are characters and words whose syllables each begin
// with what was typed for them, ordered: complete syllables before
// abbreviations, then by how common the word is. When no word covers all
// that was typed, candidates for its beginning follow, each saying how much
// of the input it uses (Candidate.Consumed), so that the screen can keep
// the rest for the next choice. On the 9-key layout, [Engine.Spellings]
// lists what the keys typed may spell (24: ai, bi, …) for the resident to
// pick one; letters in a NineKey input are such choices.
//
// The dictionary, dict.txt.gz (about 600 KB, embedded), is made by
// pinyin/gen from the Luna Pinyin dictionary of the Rime input method
// (Debian package rime-data-luna-pinyin, LGPL-3: its weights are usage
// counts), converted to Simplified script with OpenCC: about 17,000
// characters and the 45,000 most common words of two to four characters.
package pinyin
