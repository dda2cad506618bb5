package hub

import (
	"context"
	"fmt"
)

// CommunityTraining is what the smartphone classes achieved in one
// community, counted from the training records its kiosks pushed.
type CommunityTraining struct {
	Community        string
	Learners         int // learners registered
	LessonsCompleted int // distinct learner × lesson pairs completed
	CoursesCompleted int // course completions (certificates)
}

// TrainingReport counts, per community, learners trained and lessons and
// courses completed. A community is the one its kiosk was enrolled for.
func (db *DB) TrainingReport(ctx context.Context) ([]CommunityTraining, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT k.community,
			count(DISTINCT CASE WHEN r.kind = 'learner' THEN r.id END),
			count(DISTINCT CASE WHEN r.kind = 'progress' AND json_extract(r.payload, '$.status') = 'completed'
				THEN json_extract(r.payload, '$.learner_id') || '/' || json_extract(r.payload, '$.lesson_id') END),
			count(DISTINCT CASE WHEN r.kind = 'completion' THEN r.id END)
		FROM records r JOIN kiosks k ON k.id = r.kiosk
		WHERE r.kind IN ('learner', 'progress', 'completion')
		GROUP BY k.community ORDER BY k.community`)
	if err != nil {
		return nil, fmt.Errorf("training report: %w", err)
	}
	defer rows.Close()
	var out []CommunityTraining
	for rows.Next() {
		var c CommunityTraining
		if err := rows.Scan(&c.Community, &c.Learners, &c.LessonsCompleted, &c.CoursesCompleted); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
