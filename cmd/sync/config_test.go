package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeConfigPrecedence: a setting comes from the command line, else
// the environment, else the configuration file, else the flag's default;
// --print-config says which, and prints a file serve would read back.
func TestServeConfigPrecedence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	conf := filepath.Join(dir, "hub.toml")
	os.WriteFile(conf, []byte(`db = "/from/file.db"
addr = ":1111"
quota-records = 77
retain = "48h"
trusted-proxy = ["10.1.0.0/16", "127.0.0.1"]
log-format = "json"
`), 0o644)
	t.Setenv("ALLIANCE_HUB_ADDR", ":2222")
	t.Setenv("ALLIANCE_HUB_TRUSTED_PROXY", "192.168.0.1")
	var out bytes.Buffer
	if err := run(ctx, []string{"serve", "--config", conf, "--db", "/from/flag.db", "--print-config"}, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		`db = "/from/flag.db"  # the command line`,
		`addr = ":2222"  # ALLIANCE_HUB_ADDR`,
		`quota-records = 77  # ` + conf,
		`retain = "48h0m0s"  # ` + conf,
		`trusted-proxy = ["192.168.0.1/32"]  # ALLIANCE_HUB_TRUSTED_PROXY`,
		`log-format = "json"  # ` + conf,
		`header-timeout = "10s"  # default`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("--print-config lacks %q:\n%s", want, got)
		}
	}

	// What it prints reads back as a configuration file, to the same.
	printed := filepath.Join(dir, "printed.toml")
	os.WriteFile(printed, out.Bytes(), 0o644)
	os.Unsetenv("ALLIANCE_HUB_ADDR")
	os.Unsetenv("ALLIANCE_HUB_TRUSTED_PROXY")
	var again bytes.Buffer
	if err := run(ctx, []string{"serve", "--config", printed, "--print-config"}, &again); err != nil {
		t.Fatalf("the printed configuration does not read back: %v\n%s", err, out.String())
	}
	if !strings.Contains(again.String(), `addr = ":2222"  # `+printed) {
		t.Errorf("read back:\n%s", again.String())
	}

	// The file may be named by the environment too.
	t.Setenv("ALLIANCE_HUB_CONFIG", conf)
	out.Reset()
	if err := run(ctx, []string{"serve", "--print-config"}, &out); err != nil || !strings.Contains(out.String(), `db = "/from/file.db"`) {
		t.Errorf("ALLIANCE_HUB_CONFIG: %v\n%s", err, out.String())
	}
}

// TestServeConfigRefusesUnknownKeys: a typo in the hub's file is an error
// for serve, naming it; the other hub commands read the same file for db.
func TestServeConfigRefusesUnknownKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	conf := filepath.Join(dir, "hub.toml")
	db := filepath.Join(dir, "hub.db")
	os.WriteFile(conf, []byte("db = \""+db+"\"\nadress = \":1\"\n"), 0o644)
	var out bytes.Buffer
	err := run(ctx, []string{"serve", "--config", conf, "--print-config"}, &out)
	if err == nil || !strings.Contains(err.Error(), `unknown setting "adress"`) {
		t.Errorf("serve with a misspelt key: %v", err)
	}
	os.WriteFile(conf, []byte("db = \""+db+"\"\naddr = \":1\"\n"), 0o644)
	if err := run(ctx, []string{"import", "--config", conf, "../../assets/sample"}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"enroll", "--config", conf, "--name", "k1", "--community", "yanchenglu"}, &out); err != nil {
		t.Fatalf("enroll with the hub's configuration: %v", err)
	}
	if !strings.Contains(out.String(), "Enrolment code for k1") {
		t.Errorf("enroll: %s", out.String())
	}
}
