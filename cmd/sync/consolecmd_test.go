package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/wire"
)

// The console's command-line twins: the first operator from the shell,
// the inbox, the call-back queue and a roster.
func TestConsoleCommands(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	runOK := func(want string, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, &out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("%v: got %q, want it to contain %q", args, out.String(), want)
		}
		return out.String()
	}
	runOK("added", "import", "--db", path, "../../assets/sample")
	out := runOK("/console/setup?token=", "user", "add", "--db", path, "--name", "周明", "--role", "operator", "--url", "https://hub.example:8443", "admin")
	if !strings.Contains(out, "https://hub.example:8443/console/setup?token=") {
		t.Errorf("the link: %s", out)
	}
	runOK("no password yet", "user", "list", "--db", path)
	if err := run(ctx, []string{"user", "add", "--db", path, "--name", "王丽", "--role", "staff", "wang"}, &bytes.Buffer{}); err == nil {
		t.Error("staff without a community was added")
	}
	runOK("disabled", "user", "disable", "--db", path, "admin")
	runOK("disabled", "user", "list", "--db", path)

	db, err := hub.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	code, err := db.Enroll(ctx, "k1", "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	kiosk, _, _, err := db.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	s := &alliance.Suggestion{ID: uuid.NewString(), Community: "yanchenglu", Category: "repairs", Text: "楼道灯坏了", Created: time.Now(), Receipt: "123456"}
	cb := &alliance.CallbackRequest{ID: uuid.NewString(), Community: "yanchenglu", Phone: "13812345678", ConsentVersion: "c", Created: time.Now(), Receipt: "654321"}
	ev, _ := db.Events(ctx, "yanchenglu", false, 1)
	su := &alliance.SignUp{ID: uuid.NewString(), EventID: ev[0].ID, Name: "王女士", Phone: "13912345678", PartySize: 1, ConsentVersion: "c", Created: time.Now(), Receipt: "111111"}
	var recs []wire.Record
	for i, r := range []alliance.Record{s, cb, su} {
		b, _ := json.Marshal(r)
		recs = append(recs, wire.Record{Seq: int64(i + 1), ID: r.RecordID(), Kind: r.RecordKind(), Payload: b})
	}
	if out, err := db.Accept(ctx, kiosk, recs, hub.Quota{}); err != nil || len(out.Refused) > 0 {
		t.Fatalf("accept: %+v, %v", out, err)
	}
	db.Close()

	runOK(s.ID, "suggestions", "--db", path)
	runOK("楼道灯坏了", "suggestions", "--db", path, "--community", "yanchenglu", "--csv")
	runOK("Reply recorded", "reply", "--db", path, "--suggestion", s.ID, "--text", "已安排维修")
	if out := runOK("0 suggestions", "suggestions", "--db", path); strings.Contains(out, s.ID) {
		t.Error("an answered suggestion is still listed as open")
	}
	if out := runOK("138****5678", "callbacks", "--db", path); strings.Contains(out, "13812345678") {
		t.Error("callbacks shows the whole number without --phones")
	}
	runOK("13812345678", "callbacks", "--db", path, "--phones")
	runOK("marked done", "callbacks", "--db", path, "--id", cb.ID, "--mark", "done")
	if out := runOK("PHONE", "callbacks", "--db", path); strings.Contains(out, cb.ID) {
		t.Error("a call-back done is still listed as open")
	}
	runOK("139****5678", "roster", "--db", path, ev[0].ID)
	runOK("\ufeff序号,姓名,电话", "roster", "--db", path, "--csv", ev[0].ID)
	db, err = hub.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if log, _, _ := db.AuditLog(ctx, hub.AuditFilter{Action: "phone.reveal"}); len(log) != 1 {
		t.Errorf("callbacks --phones audited: %+v", log)
	}
}
