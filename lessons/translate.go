package lessons

import (
	"sync"

	"github.com/longbridgeapp/opencc"
)

// Traditional Chinese is generated from Simplified with OpenCC's phrase
// dictionaries, which get one-to-many characters right in context
// (头发 → 頭髮, 发送 → 發送) where a character table would not. The
// conversion is s2tw: plain s2t writes OpenCC's own standard forms (羣, 裏,
// 着) that readers of Traditional, and the district's own Traditional text
// (家庭微信群), do not use; s2tw keeps to the common forms (群, 裡, 著)
// without s2twp's change of vocabulary (软件 stays 軟件, not 軟體), which
// would change what the lesson says. Lessons may still give zh-Hant to
// correct a conversion.
var s2t struct {
	once sync.Once
	mu   sync.Mutex // OpenCC's converter is not documented as safe for concurrent use
	cc   *opencc.OpenCC
}

// toTraditional converts Simplified text to Traditional. If the
// dictionaries cannot be loaded (they are embedded, so only a broken build
// does that) the text stays Simplified, which Traditional readers can still
// read, rather than failing the lesson.
func toTraditional(s string) string {
	s2t.once.Do(func() {
		cc, err := opencc.New("s2tw")
		if err == nil {
			s2t.cc = cc
		}
	})
	if s2t.cc == nil {
		return s
	}
	s2t.mu.Lock()
	defer s2t.mu.Unlock()
	out, err := s2t.cc.Convert(s)
	if err != nil {
		return s
	}
	return out
}
