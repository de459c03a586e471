# gongkai — see README.md. `make site` builds the portal, `make test` tests it.
GO      ?= go
BIN     := bin/gongkai
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: build site check-site lighthouse test fuzz bench-parse bench scale corpus pgo score serve clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/gongkai

# Build the portal from content/ into public/.
site: build
	./$(BIN) build

# The built site against the Nu HTML Checker and axe-core (WCAG 2.1 AA) in
# headless Chromium; needs Java, Chromium and npm (scripts/check-site).
check-site: site
	scripts/check-site

# Lighthouse scores of the home, agency, report, year and validation pages.
lighthouse: site
	scripts/check-site --vnu=false --axe=false --lighthouse

# The test command of the README and of CI.
test:
	$(GO) vet ./...
	$(GO) test ./...

# A short run of every fuzz target (each parser entry point). A new input
# that widens coverage is minimized for at most 100 runs: minimizing a
# whole report for the default 60 s took all of FuzzFile's time (7 runs
# of the parser in 45 s).
FUZZTIME ?= 20s
FUZZ = $(GO) test -run XXX -fuzztime $(FUZZTIME) -fuzzminimizetime 100x
fuzz:
	$(FUZZ) ./internal/parse -fuzz FuzzFile
	$(FUZZ) ./internal/decode -fuzz FuzzFile
	$(FUZZ) ./internal/decode -fuzz FuzzParseHTML
	$(FUZZ) ./internal/flat -fuzz FuzzReadings
	$(FUZZ) ./internal/flat -fuzz FuzzRequests
	$(FUZZ) ./internal/report -fuzz FuzzCellsGobDecode
	$(FUZZ) ./internal/report -fuzz FuzzMarshalJSON
	$(FUZZ) ./internal/report -fuzz FuzzUnmarshalBinary
	$(FUZZ) ./internal/report -fuzz FuzzFormatNumber
	$(FUZZ) ./internal/markdown -fuzz FuzzPlainMarkdown
	$(FUZZ) ./internal/markdown -fuzz FuzzPlainText
	$(FUZZ) ./internal/slug -fuzz FuzzMake
	$(FUZZ) ./internal/region -fuzz FuzzFromName
	$(FUZZ) ./internal/textnorm -fuzz FuzzToSimplified
	$(FUZZ) ./internal/textnorm -fuzz FuzzKey

# A synthetic corpus of N reports in every input shape, ~N/5 agencies over
# 2019–2024 (cmd/gkgen), outside content/.
N      ?= 20000
SEED   ?= 1
CORPUS ?= .cache/corpus-$(N)
corpus: $(CORPUS)/reports
# made again, from scratch, when the generator changed
$(CORPUS)/reports: $(filter-out %_test.go,$(wildcard internal/synth/*.go cmd/gkgen/*.go))
	rm -rf $(CORPUS)
	$(GO) run ./cmd/gkgen -n $(N) -seed $(SEED) -out $(CORPUS) -notruth

# Build the corpus with gongkai and, side by side, with Hugo (plain
# Markdown pages); print time, memory, size and the ratio (scripts/bench.sh).
bench: build corpus
	sh scripts/bench.sh $(CORPUS) ./$(BIN)

# Cold builds of a small and a large corpus taking turns: wall and CPU time,
# peak RSS, and how the time grows from one to the other (scripts/scale.sh).
# SCALE_WORK=/dev/shm/gongkai-scale measures into tmpfs.
SCALE_SMALL ?= 20000
SCALE_LARGE ?= 100000
scale: build
	$(MAKE) --no-print-directory corpus N=$(SCALE_SMALL)
	$(MAKE) --no-print-directory corpus N=$(SCALE_LARGE)
	sh scripts/scale.sh .cache/corpus-$(SCALE_SMALL) .cache/corpus-$(SCALE_LARGE) ./$(BIN)

# Profile-guided optimisation: `go build` compiles ./cmd/gongkai with the
# CPU profile in cmd/gongkai/default.pgo (-pgo=auto, the default). This
# remakes that profile from a cold build of the benchmark corpus; commit it
# when the code it profiles changed much.
PGO_WORK := .cache/pgo
pgo: build corpus
	rm -rf $(PGO_WORK) && mkdir -p $(PGO_WORK)
	printf 'sources: false\n' >$(PGO_WORK)/gongkai.yaml
	./$(BIN) build --config $(PGO_WORK)/gongkai.yaml --source $(CORPUS) --destination $(PGO_WORK)/site --cache $(PGO_WORK)/cache --cpuprofile $(PGO_WORK)/cpu.pprof
	mv $(PGO_WORK)/cpu.pprof cmd/gongkai/default.pgo  # only a whole profile: go build fails on a broken one
	rm -rf $(PGO_WORK)

bench-parse:
	$(GO) test ./internal/parse ./internal/flat -run XXX -bench . -benchmem

# Score the parser against the hand-read corpus beside this repository.
score: build
	@for d in seeds real real-flat; do printf '%-10s ' $$d; python3 ../shared/tools/score.py $(BIN) --pairs ../shared/corpus/$$d | tail -1; done

serve: build
	./$(BIN) serve

clean:
	rm -rf bin public .cache
