package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command explains itself with --help, from its own flag set, and
// the command list names every flag each command has.
func TestEveryCommandExplains(t *testing.T) {
	var list bytes.Buffer
	if err := run(context.Background(), []string{"help"}, &list); err != nil {
		t.Fatal(err)
	}
	var each func(mk func(io.Writer) Command)
	each = func(mk func(io.Writer) Command) {
		c := mk(io.Discard)
		if g, ok := c.(*group); ok {
			for _, mk := range g.commands {
				each(mk)
			}
			return
		}
		f := c.Flags()
		var out bytes.Buffer
		err := run(context.Background(), append(strings.Fields(f.name), "--help"), &out)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: got %v, want flag.ErrHelp (exit status 0)", f.name, err)
		}
		if !strings.HasPrefix(out.String(), "usage: alliance-sync "+f.name) || !strings.Contains(out.String(), f.summary) || f.about == "" {
			t.Errorf("%s --help says too little:\n%s", f.name, out.String())
		}
		f.VisitAll(func(fl *flag.Flag) {
			if !strings.Contains(out.String(), "-"+fl.Name) {
				t.Errorf("%s --help does not explain --%s", f.name, fl.Name)
			}
			if !strings.Contains(list.String(), "--"+fl.Name) {
				t.Errorf("the command list does not name %s --%s", f.name, fl.Name)
			}
		})
	}
	for _, s := range commands {
		for _, mk := range s.commands {
			each(mk)
		}
	}
}

// A command missing a flag it needs, or an argument, says so and opens
// nothing.
func TestCommandsCheckTheirArguments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	for _, args := range [][]string{
		{"enroll", "--db", db, "--name", "k1"},
		{"join", "--db", db, "--code", "ABCD-EFGH"},
		{"reply", "--db", db, "--text", "好"},
		{"revoke", "--db", db},
		{"kiosks", "--db", db, "extra"},
		{"pack", "check"},
		{"pack", "import", "--db", db},
		{"pack", "nothing"},
		{"lessons", "check", "a", "b"},
	} {
		err := run(context.Background(), args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "usage: alliance-sync") && !strings.Contains(err.Error(), "unknown command") {
			t.Errorf("%v: got %v, want the usage", args, err)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("left files behind: %v", es)
	}
}
