/*
 * Translog internals other modules use (the certificate module reads the
 * checkpoint it embeds). Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_INTERNAL_TRANSLOG_H
#define DS_INTERNAL_TRANSLOG_H

#include "datasset/translog.h"

/* ds_checkpoint_open(), except that with @key NULL the signature lines are
 * only checked for syntax (@key_name is then ignored and may be NULL). */
int ds__checkpoint_parse(ds_checkpoint **out, const char *note, size_t len, const char *key_name, const ds_key *key);

#endif
