package console_test

import (
	"strconv"

	"github.com/shinan-alliance/alliance/hub"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func auditAction(a string) hub.AuditFilter { return hub.AuditFilter{Action: a} }
