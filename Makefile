# Everyday commands, one name each. Every target sets up .venv itself on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint format setup system-tools timelinejs

# Programs the test suite drives for real: tmux and vim (terminal smoke tests; vim also as vi),
# pandoc, cmark-gfm and hugo (the Markdown export read by programs that are not ours), chromium
# (headless: `briefing serve` and the HTML export in a real browser). Installed from Debian's packages when missing,
# without their "recommended" extras; `make test` then requires them (tests/programs.py), where a
# plain pytest run skips the tests that need a missing one.
SYSTEM_TOOLS := tmux vim pandoc cmark-gfm hugo chromium npm

# TimelineJS (Knight Lab's, from npm; 11 MB), which the suite loads in headless Chromium to read the
# TimelineJS export. Pinned; kept out of git in .cache/.
TIMELINEJS := @knight-lab/timelinejs@3.9.11
TIMELINEJS_DIR := .cache/timelinejs

$(BIN)/briefing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/briefing

run: setup  ## open the bundled brief
	$(BIN)/briefing

system-tools:
	@missing=""; for tool in $(SYSTEM_TOOLS); do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi; \
	fi

timelinejs: system-tools
	@test -f $(TIMELINEJS_DIR)/node_modules/@knight-lab/timelinejs/dist/js/timeline.js || \
	  npm install --no-save --no-audit --no-fund --ignore-scripts --prefix $(TIMELINEJS_DIR) $(TIMELINEJS)

test: setup system-tools timelinejs  ## the whole test suite
	BRIEFING_REQUIRE_PROGRAMS=1 $(BIN)/python -m pytest -n 2 -q

bench: setup  ## every benchmark, with ratios against floors measured in the same run
	$(BIN)/python benchmarks/run.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
