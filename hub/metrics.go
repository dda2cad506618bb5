package hub

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/version"
	"github.com/shinan-alliance/alliance/wire"
)

// Metrics is what the hub tells Prometheus (GET /metrics on the metrics
// address): kiosks by state, their lag and backlog, records by kind and
// decision, sign-ups by status, sync durations, websocket connections and
// bytes. No label ever holds a name, a phone number or a kiosk's id: the
// labels are kinds, states, reasons and outcomes only. A nil *Metrics
// counts nothing.
type Metrics struct {
	reg         *prometheus.Registry
	connections prometheus.Gauge
	syncs       *prometheus.HistogramVec
	records     *prometheus.CounterVec
	refused     *prometheus.CounterVec
	bytes       *prometheus.CounterVec
	enrolments  *prometheus.CounterVec
	retention   prometheus.Counter
}

// NewMetrics makes the hub's metrics over db, with the Go runtime's and
// the process's.
func NewMetrics(db *DB) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.connections = prometheus.NewGauge(prometheus.GaugeOpts{Name: "alliance_hub_websocket_connections",
		Help: "Sync websockets open now."})
	m.syncs = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "alliance_hub_sync_duration_seconds",
		Help:    "How long syncs took, from the websocket's upgrade to its close, by outcome (done: the kiosk said bye).",
		Buckets: []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}}, []string{"outcome"})
	m.records = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "alliance_hub_records_total",
		Help: "Records kiosks pushed, by kind and decision: accepted (stored, or a duplicate acknowledged), refused, deferred (over the daily quota)."},
		[]string{"kind", "decision"})
	m.refused = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "alliance_hub_records_refused_total",
		Help: "Records refused, by reason (alliance.Reason)."}, []string{"reason"})
	m.bytes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "alliance_hub_bytes_total",
		Help: "Bytes of sync messages and blobs, by direction (in: from kiosks) and channel (websocket, blobs)."},
		[]string{"direction", "channel"})
	m.enrolments = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "alliance_hub_enrolments_total",
		Help: "Enrolment codes traded, by result (joined, refused)."}, []string{"result"})
	m.retention = prometheus.NewCounter(prometheus.CounterOpts{Name: "alliance_hub_retention_deleted_total",
		Help: "Residents' records deleted by retention."})
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "alliance_hub_build_info", Help: "The hub's build: always 1.",
		ConstLabels: prometheus.Labels{"version": version.Version(), "commit": version.Commit()}})
	build.Set(1)
	m.reg.MustRegister(m.connections, m.syncs, m.records, m.refused, m.bytes, m.enrolments, m.retention, build,
		&kioskCollector{db: db}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: nil, Registry: m.reg})
}

func (m *Metrics) connOpened() {
	if m != nil {
		m.connections.Inc()
	}
}

func (m *Metrics) connClosed(start time.Time, outcome string) {
	if m != nil {
		m.connections.Dec()
		m.syncs.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
	}
}

func (m *Metrics) addBytes(direction, channel string, n int) {
	if m != nil && n > 0 {
		m.bytes.WithLabelValues(direction, channel).Add(float64(n))
	}
}

func (m *Metrics) enrolment(result string) {
	if m != nil {
		m.enrolments.WithLabelValues(result).Inc()
	}
}

// Retained counts a retention pass's deletions (Maintenance.Done).
func (m *Metrics) Retained(st RetentionStats, _ int) {
	if m != nil {
		m.retention.Add(float64(st.Records))
	}
}

// pushed counts a push's records by kind and decision.
func (m *Metrics) pushed(recs []wire.Record, p wire.Pushed) {
	if m == nil {
		return
	}
	refused := map[int64]alliance.Reason{}
	for _, r := range p.Refused {
		refused[r.Seq] = r.Reason
		m.refused.WithLabelValues(string(r.Reason)).Inc()
	}
	settled := true
	for _, r := range recs {
		kind := string(r.Kind)
		if alliance.NewRecord(r.Kind) == nil {
			kind = "unknown" // a kiosk's word is no label: the set stays bounded
		}
		decision := "accepted"
		if _, ok := refused[r.Seq]; ok {
			decision = "refused"
		} else if !settled || r.Seq > p.Upto {
			decision, settled = "deferred", false
		}
		m.records.WithLabelValues(kind, decision).Inc()
	}
}

// kioskCollector reads the kiosks' health from the database at each
// scrape: kiosks by state, lag and backlog, sign-ups by status.
type kioskCollector struct{ db *DB }

var (
	descKiosks     = prometheus.NewDesc("alliance_hub_kiosks", "Enrolled kiosks by state (Kiosk.State): ok, failing (their last hello said why), late (no finished sync for 36 h), never (not synced yet), revoked.", []string{"state"}, nil)
	descLagMax     = prometheus.NewDesc("alliance_hub_kiosk_lag_max", "Change-log entries the furthest-behind active kiosk has not pulled, as of its last sync.", nil, nil)
	descLagSum     = prometheus.NewDesc("alliance_hub_kiosk_lag_sum", "Change-log entries not pulled, summed over active kiosks.", nil, nil)
	descBacklogMax = prometheus.NewDesc("alliance_hub_kiosk_backlog_max", "Records the kiosk with the most had still to push, at its last sync.", nil, nil)
	descBacklogSum = prometheus.NewDesc("alliance_hub_kiosk_backlog_sum", "Records waiting at kiosks to be pushed, summed, as of their last syncs.", nil, nil)
	descSignUps    = prometheus.NewDesc("alliance_hub_signups", "Sign-ups the hub holds, by status.", []string{"status"}, nil)
	descScrapeErr  = prometheus.NewDesc("alliance_hub_scrape_error", "1 if the database could not be read for this scrape.", nil, nil)
)

func (k *kioskCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descKiosks, descLagMax, descLagSum, descBacklogMax, descBacklogSum, descSignUps, descScrapeErr} {
		ch <- d
	}
}

func (k *kioskCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	failed := 0.0
	defer func() { ch <- prometheus.MustNewConstMetric(descScrapeErr, prometheus.GaugeValue, failed) }()
	ks, err := k.db.Kiosks(ctx)
	if err != nil {
		failed = 1
		return
	}
	states := map[KioskState]float64{KioskOK: 0, KioskFailing: 0, KioskLate: 0, KioskNever: 0, KioskRevoked: 0}
	var lagMax, lagSum, backMax, backSum float64
	for _, kk := range ks {
		state := kk.State(k.db.Now())
		states[state]++
		if state == KioskRevoked || state == KioskNever {
			continue
		}
		lagMax, lagSum = max(lagMax, float64(kk.Lag)), lagSum+float64(kk.Lag)
		backMax, backSum = max(backMax, float64(kk.Backlog)), backSum+float64(kk.Backlog)
	}
	for s, n := range states {
		ch <- prometheus.MustNewConstMetric(descKiosks, prometheus.GaugeValue, n, string(s))
	}
	ch <- prometheus.MustNewConstMetric(descLagMax, prometheus.GaugeValue, lagMax)
	ch <- prometheus.MustNewConstMetric(descLagSum, prometheus.GaugeValue, lagSum)
	ch <- prometheus.MustNewConstMetric(descBacklogMax, prometheus.GaugeValue, backMax)
	ch <- prometheus.MustNewConstMetric(descBacklogSum, prometheus.GaugeValue, backSum)
	rows, err := k.db.read.QueryContext(ctx, "SELECT status, count(*) FROM signups GROUP BY status")
	if err != nil {
		failed = 1
		return
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n float64
		if rows.Scan(&status, &n) == nil {
			ch <- prometheus.MustNewConstMetric(descSignUps, prometheus.GaugeValue, n, status)
		}
	}
}
