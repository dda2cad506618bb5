package printing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Printer is a CUPS print queue the kiosk prints to.
type Printer struct {
	// Server is the CUPS scheduler: a socket path or host[:port]; "" for
	// the system's ($CUPS_SERVER, else /run/cups/cups.sock, else
	// localhost:631).
	Server string
	// Queue is the print queue; "" for the system's default, else the
	// first queue there is.
	Queue string
}

// State is what a printer is doing, as a screen says it.
type State int

// Printer states.
const (
	NoPrinter State = iota // no print queue, or no print service
	Ready                  // idle and accepting jobs
	Busy                   // printing
	Stopped                // stopped or refusing jobs: Status.Message says why
)

// Status is a printer's state: its queue, what it does and, when it is
// stopped or missing, CUPS's words why (for staff; in English).
type Status struct {
	Queue   string
	State   State
	Message string
}

// ErrNoPrinter is returned when there is no print queue to print to.
var ErrNoPrinter = errors.New("no printer")

// command runs a CUPS client program against p's server, in English (its
// answers are parsed), with stdin.
func (p *Printer) command(ctx context.Context, stdin []byte, name string, args ...string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s: %w (install cups-client)", name, ErrNoPrinter)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), "CUPS_SERVER="+server(p.Server), "LANG=C", "LC_ALL=C")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("%s: %s", name, msg)
	}
	return out.String(), nil
}

// queue is the queue to print to: p.Queue, the default, or the first.
func (p *Printer) queue(ctx context.Context) (string, error) {
	if p.Queue != "" {
		return p.Queue, nil
	}
	if out, err := p.command(ctx, nil, "lpstat", "-d"); err == nil {
		if _, q, ok := strings.Cut(strings.TrimSpace(out), "system default destination: "); ok && q != "" {
			return q, nil
		}
	}
	out, err := p.command(ctx, nil, "lpstat", "-e")
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNoPrinter, err)
	}
	if qs := strings.Fields(out); len(qs) > 0 {
		return qs[0], nil
	}
	return "", ErrNoPrinter
}

// Status asks CUPS whether there is a printer and what it is doing. It
// does not fail: no print service, no queue or no answer is NoPrinter,
// with the reason in Message.
func (p *Printer) Status(ctx context.Context) Status {
	q, err := p.queue(ctx)
	if err != nil {
		return Status{State: NoPrinter, Message: err.Error()}
	}
	attrs, err := ippRequest(ctx, server(p.Server), opGetPrinterAttributes, "printer-uri", "ipp://localhost/printers/"+q, tagPrinter,
		"printer-state", "printer-state-message", "printer-is-accepting-jobs", "printer-state-reasons")
	if err != nil {
		return Status{Queue: q, State: NoPrinter, Message: fmt.Sprintf("printer %s: %v", q, err)}
	}
	st := Status{Queue: q, Message: first(attrs["printer-state-message"])}
	switch first(attrs["printer-state"]) {
	case "3":
		st.State = Ready
	case "4":
		st.State = Busy
	default:
		st.State = Stopped
	}
	if first(attrs["printer-is-accepting-jobs"]) == "\x00" {
		st.State = Stopped
	}
	if st.State == Stopped && st.Message == "" {
		st.Message = strings.Join(attrs["printer-state-reasons"], ", ")
	}
	return st
}

// Job is a print job CUPS accepted.
type Job struct {
	Queue string
	ID    int
}

// String is the job as CUPS names it (kiosk-pdf-12).
func (j Job) String() string { return fmt.Sprintf("%s-%d", j.Queue, j.ID) }

var requestID = regexp.MustCompile(`request id is (\S+)-(\d+) `)

// Print hands a PDF document to CUPS with `lp` and returns once CUPS has
// accepted it, as a job to follow with JobState or Wait. title names the
// job in the queue.
func (p *Printer) Print(ctx context.Context, title string, pdf []byte) (Job, error) {
	q, err := p.queue(ctx)
	if err != nil {
		return Job{}, fmt.Errorf("print: %w", err)
	}
	out, err := p.command(ctx, pdf, "lp", "-d", q, "-t", title, "-o", "media=A4", "-o", "document-format=application/pdf", "-")
	if err != nil {
		return Job{}, fmt.Errorf("print: %w", err)
	}
	m := requestID.FindStringSubmatch(out)
	if m == nil {
		return Job{}, fmt.Errorf("print: lp said %q, not a job", strings.TrimSpace(out))
	}
	id, _ := strconv.Atoi(m[2])
	return Job{Queue: m[1], ID: id}, nil
}

// JobState is where a print job stands.
type JobState int

// Job states.
const (
	Queued   JobState = iota // waiting for the printer
	Printing                 // being printed
	Printed                  // done: CUPS says it completed
	Failed                   // aborted or cancelled: it will not print
	Stuck                    // waiting on a stopped printer
)

// Done reports whether the job will change no more.
func (s JobState) Done() bool { return s == Printed || s == Failed }

// JobState asks CUPS where job j stands, with CUPS's message when it
// failed or is stuck.
func (p *Printer) JobState(ctx context.Context, j Job) (JobState, string, error) {
	srv := server(p.Server)
	attrs, err := ippRequest(ctx, srv, opGetJobAttributes, "job-uri", fmt.Sprintf("ipp://localhost/jobs/%d", j.ID), tagJob,
		"job-state", "job-state-reasons", "job-printer-state-message")
	if err != nil {
		return Queued, "", fmt.Errorf("job %s: %w", j, err)
	}
	msg := first(attrs["job-printer-state-message"])
	reasons := strings.Join(attrs["job-state-reasons"], ", ")
	switch first(attrs["job-state"]) {
	case "9":
		return Printed, "", nil
	case "7", "8":
		if msg == "" {
			msg = reasons
		}
		return Failed, msg, nil
	case "5":
		return Printing, msg, nil
	case "6":
		return Stuck, msg, nil
	}
	// Pending or held: stuck if the printer stopped.
	if st := p.Status(ctx); st.State == Stopped || st.State == NoPrinter {
		return Stuck, st.Message, nil
	}
	return Queued, msg, nil
}

// Wait follows job j, asking every interval, until it is printed, failed
// or stuck, or ctx ends; then returns the last state seen.
func (p *Printer) Wait(ctx context.Context, j Job, every time.Duration) (JobState, string, error) {
	for {
		st, msg, err := p.JobState(ctx, j)
		if err == nil && (st.Done() || st == Stuck) {
			return st, msg, nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
			return st, msg, err
		case <-time.After(every):
		}
	}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
