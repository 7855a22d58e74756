/*
 * Driver for tests/settlement_oracle.py: for each settlement document named on
 * the command line, print "=== PATH" and then its statement as XML, or one line
 * "ERROR <code> <field> <message>" when the library refuses it.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <datasset/datasset.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		ds_settlement *s = NULL;
		ds_settlement_statement *st = NULL;
		char *xml = NULL;
		printf("=== %s\n", argv[i]);
		if (ds_settlement_load(&s, argv[i]) < 0 || ds_settlement_compute(&st, s) < 0 ||
		    ds_settlement_statement_write(&xml, st, DS_SETTLEMENT_FORMAT_XML, 0) < 0) {
			const ds_error *e = ds_error_last();
			printf("ERROR %s %s %s\n", ds_strerror(e->code), e->field ? e->field : "-", e->message);
		} else {
			fputs(xml, stdout);
		}
		ds_free(xml);
		ds_settlement_statement_free(st);
		ds_settlement_free(s);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
