package report

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// Roster is an event's sign-ups as a table, phones in full: it is for
// staff, not for a public screen.
func Roster(e alliance.Event, list []alliance.SignUp) *Table {
	t := &Table{What: "roster", File: fmt.Sprintf("roster-%s-%s.csv", e.ID, e.Starts.Format("20060102")),
		Header: []string{"活动", "开始时间", "回执号", "姓名", "电话", "人数", "状态", "报名时间"}}
	for _, s := range list {
		t.Rows = append(t.Rows, []string{e.Title, e.Starts.Format("2006-01-02 15:04"), s.Receipt, s.Name, s.Phone,
			strconv.Itoa(s.PartySize), SignUpWords[s.Status], s.Created.Format("2006-01-02 15:04")})
	}
	return t
}

// SignUpWords are sign-up statuses as the files say them.
var SignUpWords = map[alliance.SignUpStatus]string{
	alliance.SignUpProvisional: "待确认",
	alliance.SignUpConfirmed:   "已确认",
	alliance.SignUpWaitlisted:  "候补",
	alliance.SignUpRejected:    "未成功",
	alliance.SignUpCancelled:   "已取消",
}

// WriteRoster writes sign-ups as CSV with a header row, for printing.
func WriteRoster(w io.Writer, e alliance.Event, list []alliance.SignUp) error {
	return Roster(e, list).WriteCSV(w)
}

// ExportRoster writes an event's sign-ups as CSV into dir and returns the
// file's path.
func ExportRoster(ctx context.Context, db *store.DB, e alliance.Event, dir string) (string, error) {
	list, err := db.SignUpsForEvent(ctx, e.ID)
	if err != nil {
		return "", err
	}
	return Roster(e, list).Export(dir)
}
