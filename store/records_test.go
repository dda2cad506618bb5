package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shinan-alliance/alliance"
)

func TestSignUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sampleDB(t)
	evs, _ := db.UpcomingEvents(ctx, "", 100)
	var open alliance.Event
	for _, e := range evs {
		if e.Status == alliance.EventOpen {
			open = e
			break
		}
	}
	s := alliance.SignUp{EventID: open.ID, Name: "王女士", Phone: "138-1234-5678", PartySize: 2, ConsentVersion: "2026-11", KioskID: "k1"}
	if err := db.SaveSignUp(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if s.ID == "" || s.Seq == 0 || len(s.Receipt) != 6 || s.Status != alliance.SignUpProvisional {
		t.Errorf("saved sign-up: got %+v", s)
	}
	got, err := db.SignUpByReceipt(ctx, "13812345678", s.Receipt)
	if err != nil || got.ID != s.ID || got.Phone != "13812345678" {
		t.Errorf("by receipt: got %+v, %v", got, err)
	}
	if _, err := db.SignUpByReceipt(ctx, "13900000000", s.Receipt); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("receipt with another phone: got %v, want not found", err)
	}
	list, err := db.SignUpsByPhone(ctx, "13812345678")
	if err != nil || len(list) != 1 {
		t.Errorf("by phone: got %d, %v", len(list), err)
	}
	out, _ := db.PendingOutbox(ctx, 10)
	if len(out) != 1 || out[0].ID != s.ID || out[0].Seq != s.Seq || out[0].Kind != "signup" {
		t.Errorf("outbox: got %+v", out)
	}

	t.Run("refused sign-ups leave no trace", func(t *testing.T) {
		for _, bad := range []alliance.SignUp{
			{EventID: "no-such-event", Name: "李先生", Phone: "13812345678", PartySize: 1, ConsentVersion: "v"},
			{EventID: open.ID, Name: "李先生", Phone: "12345", PartySize: 1, ConsentVersion: "v"},
			{EventID: open.ID, Name: "李先生", Phone: "13812345678", PartySize: 0, ConsentVersion: "v"},
			{EventID: open.ID, Name: "李先生", Phone: "13812345678", PartySize: 1},
		} {
			if err := db.SaveSignUp(ctx, &bad); err == nil {
				t.Errorf("saved %+v, want a refusal", bad)
			}
		}
		if out, _ := db.PendingOutbox(ctx, 10); len(out) != 1 {
			t.Errorf("outbox has %d records, want 1", len(out))
		}
	})

	if err := db.AckOutbox(ctx, s.Seq); err != nil {
		t.Fatal(err)
	}
	if out, _ := db.PendingOutbox(ctx, 10); len(out) != 0 {
		t.Errorf("outbox after ack: got %d pending", len(out))
	}
	if _, err := db.SignUpByReceipt(ctx, "13812345678", s.Receipt); err != nil {
		t.Errorf("acknowledged sign-up is gone: %v", err)
	}
}

func TestSuggestion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sampleDB(t)
	s := alliance.Suggestion{Community: "yanchenglu", Category: "environment", Phrases: []string{"路灯坏了"}, CallbackPhone: "13812345678", ConsentVersion: "v1", KioskID: "k1"}
	if err := db.SaveSuggestion(ctx, &s); err != nil {
		t.Fatal(err)
	}
	got, err := db.SuggestionByReceipt(ctx, s.Receipt)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != s.ID || len(got.Phrases) != 1 || got.Status != alliance.SuggestionSubmitted {
		t.Errorf("got %+v", got)
	}
	if err := db.SaveSuggestion(ctx, &alliance.Suggestion{Community: "yanchenglu", Category: "x"}); err == nil {
		t.Error("saved an empty suggestion")
	}
	counts, _ := db.OutboxCounts(ctx)
	if counts["suggestion"] != 1 {
		t.Errorf("outbox counts: got %v", counts)
	}
}
