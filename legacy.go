package alliance

import (
	"encoding/json"
	"reflect"
	"strings"
)

// DecodeProtocol1 decodes JSON written by protocol 1, whose payloads used
// Go's field names ("StreetOffice", "PartySize"), into v, a pointer to one
// of this package's tagged types. JSON already in the tagged shape decodes
// too. Migrations use it once, to rewrite stored data in the fixed shape.
func DecodeProtocol1(data []byte, v any) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	t := reflect.TypeOf(v).Elem()
	out := map[string]json.RawMessage{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" || tag == "" {
			continue
		}
		if raw, ok := m[tag]; ok {
			out[tag] = raw
		} else if raw, ok := m[f.Name]; ok {
			out[tag] = raw
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
