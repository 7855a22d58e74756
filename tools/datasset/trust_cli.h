/*
 * Helpers shared by the trust commands (cert, log): files, proofs, keys.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_TRUST_CLI_H
#define DS_TRUST_CLI_H

#include <stddef.h>

#include <datasset/datasset.h>

/* Read a whole file (at most 16 MiB) into a NUL-terminated malloc'd buffer.
 * On failure reports "datasset COMMAND: PATH: reason" and returns NULL. */
char *trust_read_file(const char *command, const char *path, size_t *len);

/* Read a proof file: one hex hash per line, blank lines ignored. *proof is
 * malloc'd (free()). Returns 0, or -1 after reporting the line that is wrong. */
int trust_read_proof(const char *command, const char *path, ds_hash **proof, size_t *count);

/* Load a PEM key (ds_key_load), reporting failures. NULL on failure. */
ds_key *trust_load_key(const char *command, const char *path);

#endif
