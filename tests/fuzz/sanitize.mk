# Included by the Makefile when SANITIZE=1: ASan + UBSan, dynamically
# linked, not stripped, for `make check SANITIZE=1`.  Any report is fatal
# (-fno-sanitize-recover), so a suite sees a failing exit status.
SANITIZE_CC != command -v clang >/dev/null 2>&1 && echo clang || echo gcc
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g
CC = $(SANITIZE_CC)
CFLAGS = -O1 -std=c11 $(SANITIZE_FLAGS)
LDFLAGS = $(SANITIZE_FLAGS)
SHRINK = true
TEST_CFLAGS += $(SANITIZE_FLAGS)
