/*
 * Appending a settlement statement (公共数据授权运营收益分配, the settlement
 * module) to the registry's transparency log as a "settlement" event: the
 * statement's XML goes into the event body, so the log's leaf hash commits to
 * every line, destination and remainder of it.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "datasset/settlement.h"
#include "registry_internal.h"

int ds_registry_settlement_record(int64_t *log_index, ds_registry *reg, const ds_settlement_statement *statement)
{
	ds__registry_field fields[3];
	char utc[21], local[11], *xml = NULL;
	size_t n = 0;
	int64_t seq;
	int rc, in_tx = 0;

	if (!reg || !statement)
		return ds__error(DS_EINVAL, "registry: NULL registry or statement");
	if ((rc = ds_settlement_statement_write(&xml, statement, DS_SETTLEMENT_FORMAT_XML, 0)) < 0)
		return rc;
	ds__registry_time(utc, local, ds__registry_now());
	fields[n++] = (ds__registry_field){ "statement", xml, 0 };
	fields[n++] = (ds__registry_field){ "pools", NULL, (int64_t)ds_settlement_pool_count(statement) };
	fields[n++] = (ds__registry_field){ "years", NULL, (int64_t)ds_settlement_year_count(statement) };
	if ((rc = ds__store_begin(reg->store)) < 0)
		goto done;
	in_tx = 1;
	if ((rc = ds__registry_emit_event(reg, "settlement", 0, utc, fields, n)) < 0)
		goto done;
	seq = reg->last_event;
	in_tx = 0;
	if ((rc = ds__store_commit(reg->store)) < 0)
		goto done;
	/* Log entry i is event i + 1. */
	if (log_index)
		*log_index = seq - 1;
done:
	if (in_tx)
		ds__store_rollback(reg->store);
	ds_free(xml);
	return rc;
}
