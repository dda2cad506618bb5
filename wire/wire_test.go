package wire_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/wire"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	msgs := []any{
		&wire.Hello{Kiosk: "k1", App: "0.1", Versions: []int{2}, Cursor: 7, Backlog: 2},
		&wire.Welcome{Version: 2, HubTime: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC), Batch: wire.Batch{Items: []wire.Item{{Seq: 8, Kind: "post", ID: "p1", Data: json.RawMessage(`{"ID":"p1"}`)}}, Cursor: 8}},
		&wire.Pull{After: 8},
		&wire.Push{Records: []wire.Record{{Seq: 1, ID: "u1", Kind: "signup", Payload: json.RawMessage(`{}`)}}},
		&wire.Pushed{Upto: 1},
		&wire.Bye{Cursor: 8},
		&wire.Refused{Code: wire.CodeUpgradeRequired, Message: "update the kiosk"},
	}
	for _, m := range msgs {
		b, err := wire.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := wire.Decode(b)
		if err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("got %#v, want %#v", got, m)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, want string }{
		{"not json", `{"type":`, "bad message"},
		{"unknown type", `{"type":"gossip","body":{}}`, `unknown type "gossip"`},
		{"unknown field", `{"type":"pull","body":{"after":1},"extra":1}`, "unknown field"},
		{"no body", `{"type":"pull"}`, "without a body"},
		{"hello without kiosk", `{"type":"hello","body":{"versions":[1]}}`, "needs kiosk"},
		{"batch out of order", `{"type":"batch","body":{"items":[{"seq":5,"kind":"post","id":"a"},{"seq":4,"kind":"post","id":"b"}],"cursor":5}}`, "out of order"},
		{"batch item past cursor", `{"type":"batch","body":{"items":[{"seq":9,"kind":"post","id":"a"}],"cursor":5}}`, "out of order"},
		{"push out of order", `{"type":"push","body":{"records":[{"seq":2,"id":"a","kind":"k","payload":{}},{"seq":2,"id":"b","kind":"k","payload":{}}]}}`, "out of order"},
		{"trailing data", `{"type":"pull","body":{"after":1}} {"type":"bye","body":{}}`, "after the message"},
		{"trailing data in the body", `{"type":"pull","body":{"after":1}x}`, "bad message"},
		{"null body", `{"type":"pull","body":null}`, "without a body"},
		{"push over MaxPushBytes", `{"type":"push","body":{"records":[{"seq":1,"id":"a","kind":"signup","payload":"` + strings.Repeat("x", wire.MaxPushBytes) + `"}]}}`, "limit"},
		{"refusal beyond upto", `{"type":"pushed","body":{"upto":3,"refused":[{"seq":4,"id":"a","reason":"malformed","message":"x"}]}}`, "outside"},
		{"too big", `{"type":"pull","body":{"after":1,"x":"` + strings.Repeat("x", wire.MaxMessage) + `"}}`, "limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.Decode([]byte(tt.in))
			if err == nil || !errors.Is(err, wire.ErrBadMessage) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a bad-message error containing %q", err, tt.want)
			}
		})
	}
}

func TestChoose(t *testing.T) {
	t.Parallel()
	if got := wire.Choose([]int{4, 1, 2}); got != 2 {
		t.Errorf("got %d, want 2 (a kiosk of protocol 2 is still served)", got)
	}
	if got := wire.Choose([]int{2, 3}); got != 3 {
		t.Errorf("got %d, want 3", got)
	}
	if got := wire.Choose([]int{7}); got != 0 {
		t.Errorf("got %d, want 0 (no common version)", got)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"type":"hello","body":{"kiosk":"k","versions":[1],"cursor":0}}`,
		`{"type":"batch","body":{"items":[{"seq":1,"kind":"post","id":"a","data":{}}],"cursor":1,"more":true}}`,
		`{"type":"push","body":{"records":[{"seq":1,"id":"u","kind":"signup","payload":{"a":1}}]}}`,
		`{"type":"pushed","body":{"upto":3}}`, `{}`, `[]`, `null`, `{"type":"bye","body":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := wire.Decode(data)
		if err != nil {
			if !errors.Is(err, wire.ErrBadMessage) {
				t.Fatalf("error %v does not wrap ErrBadMessage", err)
			}
			return
		}
		// Whatever decodes must encode and decode to the same message.
		b, err := wire.Encode(msg)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := wire.Decode(b)
		if err != nil {
			t.Fatalf("decode of re-encoded %s: %v", b, err)
		}
		if !reflect.DeepEqual(normal(t, msg), normal(t, again)) {
			t.Fatalf("round trip changed %#v into %#v", msg, again)
		}
	})
}

// normal compares messages by their JSON, where raw JSON fields may differ
// in spacing only.
func normal(t *testing.T, m any) any {
	b, _ := json.Marshal(m)
	var v any
	json.Unmarshal(b, &v)
	return v
}
