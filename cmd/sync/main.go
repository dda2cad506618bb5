// Command alliance-sync is the sync program for both ends: the hub's
// commands and the kiosk's. This first version checks content packs; the
// hub and kiosk commands come with the sync work.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

const usage = `Usage: alliance-sync COMMAND [flags]

Commands:
  pack check DIR           validate a content pack; prints every problem as file:line: what is wrong
  pack import --db F DIR   import a content pack into a kiosk database (all or nothing)
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "alliance-sync:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) < 2 || args[0] != "pack" {
		fmt.Fprint(out, usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return nil
		}
		return errors.New("unknown command")
	}
	switch args[1] {
	case "check":
		if len(args) != 3 {
			return errors.New("usage: pack check DIR")
		}
		p, err := alliance.LoadPack(os.DirFS(args[2]))
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s version %d: ok: %d accounts, %d posts, %d places, %d phone numbers, %d events, %d media files\n",
			p.Manifest.ID, p.Manifest.Version, len(p.Accounts), len(p.Posts), len(p.Places), len(p.Directory), len(p.Events), len(p.Blobs))
		return nil
	case "import":
		fs := flag.NewFlagSet("pack import", flag.ContinueOnError)
		dbPath := fs.String("db", "kiosk.db", "kiosk database `file`")
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("usage: pack import --db FILE DIR")
		}
		p, err := alliance.LoadPack(os.DirFS(fs.Arg(0)))
		if err != nil {
			return err
		}
		db, err := store.Open(*dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		st, err := db.ImportPack(ctx, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s version %d: %s\n", p.Manifest.ID, p.Manifest.Version, st)
		return nil
	}
	fmt.Fprint(out, usage)
	return fmt.Errorf("unknown command pack %s", args[1])
}
