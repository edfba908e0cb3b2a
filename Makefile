# Dars: one Makefile builds, runs, checks (see README.md).
#   make          optimised build/dars
#   make run      install what is missing, build, create dars.db with demo data, serve
#   make check    install what is missing, sanitizer build, layer check, unit + HTTP +
#                 browser suites on SQLite and on a throwaway PostgreSQL
#   make layer-check  only the layer check and its test (docs/hacking.md)
#   make po-check     only the translations' completeness check and its test
#   make fuzz     build the fuzz targets (clang, libFuzzer)

CC ?= cc
PKGS := libmicrohttpd sqlite3 libpq libsodium jansson libutf8proc inih libical libcmark-gfm xlsxwriter libmagic libcurl zlib libxml-2.0 cairo pangocairo libqrencode openssl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

WARN := -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow -Wno-unused-parameter
BASE_CFLAGS := -std=gnu11 $(WARN) -Isrc -Ibuild/gen $(PKG_CFLAGS) -MMD -MP
REL_CFLAGS := $(BASE_CFLAGS) -O2 -g
SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ASAN_CFLAGS := $(BASE_CFLAGS) -O1 -g $(SAN)

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(shell find tests/unit -name '*.c' 2>/dev/null | sort)

# Everything embedded in the binary: templates, migrations, assets, catalogs.
TEMPLATES := $(shell find src -path '*/templates/*.mustache' | sort)
MIGRATIONS := $(shell find src/db/migrations -name '*.sql' | sort)
ASSETS := $(shell find assets -type f | sort)
PO := $(wildcard po/*.po)
MO := $(patsubst po/%.po,build/mo/%.mo,$(PO))
DEMO_DATA := $(shell find src/cli/demo -type f 2>/dev/null | sort)
EMBED := $(TEMPLATES) $(MIGRATIONS) $(ASSETS) $(MO) $(DEMO_DATA)

REL_OBJ := $(patsubst %.c,build/rel/%.o,$(SRC)) build/rel/gen/embedded.o
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(SRC)) build/asan/gen/embedded.o
ASAN_LIB_OBJ := $(filter-out build/asan/src/main.o,$(ASAN_OBJ))
UNIT_OBJ := $(patsubst %.c,build/asan/%.o,$(UNIT_SRC))

.PHONY: all run check deps unit test-http layer-check po-check clean fuzz bench pot
all: build/dars

deps:
	@tools/install-deps

build/dars: $(REL_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/dars: $(ASAN_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/unit: $(UNIT_OBJ) $(ASAN_LIB_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(PKG_LIBS) -lcriterion

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(REL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(REL_CFLAGS) -c -o $@ $<

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -o $@ $<

build/gen/embedded.c: build/embed $(EMBED)
	@mkdir -p build/gen
	@echo "  EMBED   $@"
	@build/embed $(EMBED) > $@.tmp && mv $@.tmp $@

build/mo/%.mo: po/%.po
	@mkdir -p build/mo
	msgfmt --check -o $@ $<

# Regenerate po/dars.pot from the C sources and templates, and merge it into each .po.
pot:
	tools/po-extract

run: deps build/dars
	@tools/run-demo

unit: build/asan/unit
	build/asan/unit --jobs 2

test-http: build/asan/dars
	tools/test-http build/asan/dars

# Layers point one way (DESIGN.md 4); tools/check runs the same two.
layer-check:
	tools/layer-check
	tests/tools/layer-check.sh

# Every string in every language, placeholders kept (issue 20); tools/check runs the same two.
po-check:
	tools/po-check
	tests/tools/po-check.sh

check: deps
	$(MAKE) build/asan/dars build/asan/unit build/dars
	tools/check

fuzz:
	$(MAKE) -C fuzz

bench: build/dars
	bench/run

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
