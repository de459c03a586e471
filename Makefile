# gongkai — see README.md. `make site` builds the portal, `make test` tests it.
GO      ?= go
BIN     := bin/gongkai
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: build site test fuzz bench-parse score serve clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/gongkai

# Build the portal from content/ into public/.
site: build
	./$(BIN) build

# The test command of the README and of CI.
test:
	$(GO) vet ./...
	$(GO) test ./...

# A short run of every fuzz target (each parser entry point).
FUZZTIME ?= 20s
fuzz:
	$(GO) test ./internal/parse -run XXX -fuzz FuzzFile -fuzztime $(FUZZTIME)
	$(GO) test ./internal/decode -run XXX -fuzz FuzzFile -fuzztime $(FUZZTIME)
	$(GO) test ./internal/flat -run XXX -fuzz FuzzReadings -fuzztime $(FUZZTIME)

bench-parse:
	$(GO) test ./internal/parse ./internal/flat -run XXX -bench . -benchmem

# Score the parser against the hand-read corpus beside this repository.
score: build
	@for d in seeds real real-flat; do printf '%-10s ' $$d; python3 ../shared/tools/score.py $(BIN) --pairs ../shared/corpus/$$d | tail -1; done

serve: build
	./$(BIN) serve

clean:
	rm -rf bin public .cache
