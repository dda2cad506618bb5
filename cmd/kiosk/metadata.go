package main

import (
	_ "embed"
	"fmt"

	"fyne.io/fyne/v2"
	"github.com/BurntSushi/toml"

	"github.com/shinan-alliance/alliance/internal/version"
)

// FyneApp.toml is the kiosk's metadata as `fyne package` reads it; the
// icon is the one it names.
var (
	//go:embed FyneApp.toml
	fyneAppTOML []byte
	//go:embed Icon.png
	iconPNG []byte
)

// fyneApp is the part of FyneApp.toml the kiosk uses.
type fyneApp struct {
	Details struct {
		Icon, Name, ID, Version string
		Build                   int
	}
}

// metadata is the kiosk's Fyne metadata: id, name, build and icon from
// FyneApp.toml, the version as the build stamped it (package version),
// falling back to the file's.
func metadata() (fyne.AppMetadata, error) {
	var f fyneApp
	if _, err := toml.Decode(string(fyneAppTOML), &f); err != nil {
		return fyne.AppMetadata{}, fmt.Errorf("FyneApp.toml: %w", err)
	}
	v := version.Version()
	if v == "devel" {
		v = f.Details.Version
	}
	return fyne.AppMetadata{
		ID: f.Details.ID, Name: f.Details.Name, Version: v, Build: f.Details.Build,
		Icon:   fyne.NewStaticResource("Icon.png", iconPNG),
		Custom: map[string]string{"commit": version.Commit()},
	}, nil
}
