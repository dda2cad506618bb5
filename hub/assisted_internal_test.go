package hub

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/wire"
)

// A record staff entered for a resident keeps who did, in its row and in
// an audit line about it; a record she entered alone has neither; a
// record of a kiosk that never heard of the field is taken as before.
func TestHubKeepsWhoAssisted(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sample, err := pack.Load(ctx, assets.SamplePack())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportPack(ctx, sample); err != nil {
		t.Fatal(err)
	}
	starts := time.Now().Add(72 * time.Hour).Truncate(time.Second)
	ev := alliance.Event{ID: "assisted-test", Community: "yanchenglu", Title: "包饺子", Starts: starts, Ends: starts.Add(2 * time.Hour),
		Capacity: 10, Status: alliance.EventOpen}
	if _, err := db.Publish(ctx, "console", ev); err != nil {
		t.Fatal(err)
	}
	code, err := db.Enroll(ctx, "yanchenglu-1", "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	kiosk, _, _, err := db.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	sg := func(by string) *alliance.Suggestion {
		return &alliance.Suggestion{ID: uuid.NewString(), Community: "yanchenglu", Category: "elderly", Phrases: []string{"请社区工作人员上门看看"},
			Created: now, AssistedBy: by, Receipt: "517204"}
	}
	cb := func(by string) *alliance.CallbackRequest {
		return &alliance.CallbackRequest{ID: uuid.NewString(), Community: "yanchenglu", Phone: "13812345678", ConsentVersion: "c",
			Created: now, AssistedBy: by, Receipt: "640318"}
	}
	su := func(by string) *alliance.SignUp {
		return &alliance.SignUp{ID: uuid.NewString(), EventID: ev.ID, Name: "王女士", Phone: "13812345678", PartySize: 2,
			ConsentVersion: "c", Created: now, AssistedBy: by, Receipt: "112233"}
	}
	recs := []alliance.Record{sg("王丽"), cb("王丽"), su("王丽"), sg(""), cb(""), su("")}
	var push []wire.Record
	for i, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		push = append(push, wire.Record{Seq: int64(i + 1), ID: r.RecordID(), Kind: r.RecordKind(), Payload: b})
	}
	// A kiosk of before the field: its exact bytes, no assisted_by.
	old := uuid.NewString()
	push = append(push, wire.Record{Seq: 7, ID: old, Kind: alliance.KindCallback, Payload: json.RawMessage(`{"id":"` + old +
		`","community":"yanchenglu","phone":"13712345678","consent_version":"c","created":"` + now.UTC().Format(time.RFC3339) + `","receipt":"111111"}`)})
	pushed, err := db.Accept(ctx, kiosk, push, Quota{})
	if err != nil || pushed.Upto != 7 || len(pushed.Refused) != 0 {
		t.Fatalf("accept: %+v, %v", pushed, err)
	}
	for i, r := range recs {
		table := map[alliance.Kind]string{alliance.KindSuggestion: "suggestions", alliance.KindCallback: "callbacks", alliance.KindSignUp: "signups"}[r.RecordKind()]
		var by string
		if err := db.read.QueryRowContext(ctx, "SELECT assisted_by FROM "+table+" WHERE id = ?", r.RecordID()).Scan(&by); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		want := map[bool]string{true: "王丽", false: ""}[i < 3]
		if by != want {
			t.Errorf("%s %s: assisted_by %q, want %q", r.RecordKind(), r.RecordID(), by, want)
		}
		lines, n, err := db.AuditLog(ctx, AuditFilter{Action: ActionAssisted, Subject: string(r.RecordKind()) + ":" + r.RecordID()})
		if err != nil {
			t.Fatal(err)
		}
		if (n == 1) != (i < 3) {
			t.Errorf("%s %s: %d audit lines %+v, want %d", r.RecordKind(), r.RecordID(), n, lines, map[bool]int{true: 1, false: 0}[i < 3])
		}
		if n == 1 && (lines[0].Community != "yanchenglu" || lines[0].Detail != "entered at the kiosk by 王丽" || lines[0].Login != "kiosk:"+kiosk) {
			t.Errorf("audit line: %+v", lines[0])
		}
	}
}
