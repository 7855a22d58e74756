/*
 * The valuation report: what document.c computes from a <valuation> document
 * and report.c writes out. Private to the valuation module.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_VALUATION_DOCUMENT_H
#define DS_VALUATION_DOCUMENT_H

#include "valuation_internal.h"

#define DS_VALUATION_REPORT_MAX 20

/* A growable set of decimals. */
typedef struct dvec {
	ds_decimal **d;
	size_t n, cap;
} dvec;

typedef struct report_item {
	char *id;
	const char *kind; /* static: "income", "cost", "cost2019", "market", "quality" */
	ds_valuation *v;
	int counts; /* takes part in the conclusion (a quality coefficient does not) */
} report_item;

struct ds_valuation_report {
	char *name, *holder, *code, *right, *base_date;
	report_item items[DS_VALUATION_REPORT_MAX];
	size_t count;
	ds_valuation *conclusion;
	char *sensitivity_id; /* NULL when the document asked for no table */
	dvec rate_changes, income_changes, table;
};

#endif
