package hub_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/wire"
)

// enrolled enrols and joins a kiosk, returning its id.
func enrolled(t *testing.T, db *hub.DB, name, community string) string {
	return enrolledTB(t, db, name, community)
}

func enrolledTB(t testing.TB, db *hub.DB, name, community string) string {
	t.Helper()
	ctx := context.Background()
	code, err := db.Enroll(ctx, name, community)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _, err := db.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// record wraps a domain record as a kiosk pushes it.
func record(t testing.TB, seq int64, r alliance.Record) wire.Record {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Record{Seq: seq, ID: r.RecordID(), Kind: r.RecordKind(), Payload: b}
}

func suggestion(community string) *alliance.Suggestion {
	return &alliance.Suggestion{ID: uuid.NewString(), Community: community, Category: "repairs", Text: "楼道灯坏了",
		Created: time.Now(), Receipt: "654321"}
}

func learner(name string) *alliance.Learner {
	return &alliance.Learner{ID: uuid.NewString(), Name: name, Number: "100001", ConsentVersion: "c1", Created: time.Now()}
}

func progress(l *alliance.Learner, lesson, status string) *alliance.LessonProgress {
	return &alliance.LessonProgress{ID: uuid.NewString(), LearnerID: l.ID, LessonID: lesson, LessonVersion: 1, Status: status,
		Source: alliance.SourceSelfStudy, Updated: time.Now()}
}

func signUp(event, phone string, party int) *alliance.SignUp {
	return &alliance.SignUp{ID: uuid.NewString(), EventID: event, Name: "王女士", Phone: phone, PartySize: party,
		ConsentVersion: "c1", Created: time.Now(), Receipt: "112233"}
}
