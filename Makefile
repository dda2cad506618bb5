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
# the kiosk without a screen, ImageMagick's `import` for screenshots, and
# Chromium with Chinese fonts, which the hub console's tests drive headless.
DEB_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth imagemagick \
	chromium fonts-noto-cjk

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test fuzz bench soak screenshots lint fmt generate clean

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
	$(GO) build -tags $(TAGS) -o $(BIN)/kiosk ./cmd/kiosk
	$(GO) build -tags $(TAGS) -o $(BIN)/alliance-sync ./cmd/sync

# Starts the kiosk on its embedded sample content (database in your data
# folder). Without a display it says how to proceed.
run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "No display found: run 'make run' from a desktop session, or try it headless with: xvfb-run -s '-screen 0 1920x1080x24' make run"; \
		exit 0; \
	fi; \
	exec ./$(BIN)/kiosk $(ARGS)

test: deps
	$(GO) vet -tags $(TAGS) ./...
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 15m ./...
	$(MAKE) --no-print-directory fuzz

# Each fuzz target for a bounded time (FUZZTIME; `make soak` runs them for
# 5 minutes); the seed corpora and every input that ever failed
# (testdata/fuzz) also run in plain `go test`. `go test -fuzz` takes one
# target at a time. Minimizing a new input is capped: the targets write to
# real databases, and the default minute of minimizing ate short runs.
FUZZTIME ?= 10s
FUZZ := ./hub:FuzzAccept ./store:FuzzApply ./wire:FuzzDecode ./pack:FuzzLoadPack ./pack:FuzzLoadPost
fuzz:
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(TESTENV) $(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 50x $$pkg >/tmp/fuzz-$$name.log 2>&1 \
			|| { tail -30 /tmp/fuzz-$$name.log; exit 1; }; \
		tail -1 /tmp/fuzz-$$name.log; \
	done

# Each figure is printed beside a baseline measured in the same run.
bench: build
	$(GO) run -tags $(TAGS) ./store/bench $(ARGS)
	$(TESTENV) $(GO) run -tags $(TAGS) ./ui/bench $(ARGS)
	$(GO) run -tags $(TAGS) ./mirror/bench -sync-bin $(BIN)/alliance-sync
	$(GO) run -tags $(TAGS) ./hub/console/bench

# The fault and crash loops, longer than in `make test`.
soak: deps
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 60m -run Faults ./mirror -args -fault-runs=2000
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 120m -run Convergence ./mirror -args -histories=20000
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -timeout 60m -run Killed ./cmd/sync -args -crash-runs=300
	$(MAKE) --no-print-directory fuzz FUZZTIME=5m

# PNGs of every main screen of the real kiosk under Xvfb, in docs/screenshots/,
# and of every page of the hub console in headless Chromium, in docs/screenshots/console/.
screenshots: build
	cmd/kiosk/screenshots.sh
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 -run TestEveryPage ./hub/console -args -screenshots=$(CURDIR)/docs/screenshots/console

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags $(TAGS) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# Remakes internal/chinese's data from OpenCC's dictionaries (the
# conversion dictionaries and the search fold table); commit the result.
generate:
	$(GO) generate ./internal/chinese

clean:
	rm -rf $(BIN)
