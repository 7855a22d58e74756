/*
 * The ledger module's shared internals: the book's representation, the
 * amortisation engine and fen arithmetic. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_LEDGER_INTERNAL_H
#define DS_LEDGER_INTERNAL_H

#include <stdint.h>

#include "datasset/ledger.h"
#include "internal/core.h"
#include "internal/decimal.h"
#include "internal/decimal_xml.h"

/* Amounts are kept in fen. Every input amount is below this bound, and the book
 * refuses inputs whose magnitudes add up past DS__LEDGER_BOOK_MAX, so no sum the
 * module forms can overflow an int64_t. */
#define DS__LEDGER_AMOUNT_MAX DS__FEN_MAX		 /* 10^13 yuan in fen (internal/decimal.h) */
#define DS__LEDGER_BOOK_MAX INT64_C(2000000000000000000) /* 2 × 10^16 yuan in fen */
#define DS__LEDGER_MAX_MONTHS 1200

/* A month as one integer: year × 12 + (month − 1). */
static inline int ds__ledger_month(ds__date d)
{
	return d.year * 12 + (d.month - 1);
}

/* Parse "YYYY-MM-DD" / "YYYY-MM" naming @field in the error. */
int ds__ledger_date(ds__date *out, const char *text, const char *field);
int ds__ledger_month_text(ds__date *out, const char *text, const char *field);

/* Units of benefit: @count == @months values, each >= 0, sum > 0 (DS_EINVAL naming @field). */
int ds__ledger_check_units(ds_decimal *const *units, size_t count, long months, const char *field);

/* An impairment test in the amortisation engine. */
typedef struct ds__ledger_impairment {
	int month;	     /* month index of the test; the loss is at the end of that month */
	int64_t recoverable; /* fen, >= 0 */
	int64_t loss;	     /* computed: carrying − recoverable, or 0 */
} ds__ledger_impairment;

/* What the engine needs to amortise one amount. */
typedef struct ds__ledger_amortisation {
	int64_t cost;	  /* fen */
	int64_t residual; /* fen, 0 to cost */
	int start;	  /* month index of the first charge */
	long months;	  /* useful life; 0 for an indefinite life (no charges) */
	ds_ledger_method method;
	ds_decimal *const *units;	    /* units of benefit: one per month of the life */
	int stop;			    /* month index of derecognition (no charge from it on), or INT_MAX */
	ds__ledger_impairment *impairments; /* sorted by month; losses written back */
	size_t impairment_count;
	const char *field; /* prefix for error fields, e.g. "asset 'A1'" */
} ds__ledger_amortisation;

/* Run the engine: the monthly lines (a new array, ds__free; NULL when there are
 * none) and each impairment's loss. DS_ESTATE for an impairment reversal. */
int ds__ledger_amortise(ds_ledger_schedule_line **lines, size_t *count, ds__ledger_amortisation *a);

struct ds_ledger_schedule {
	ds_ledger_schedule_line *lines;
	size_t count;
};

/* Append the amount @fen as ds__fen_text() writes it to a buffer. */
void ds__ledger_put_fen(ds__buf *b, int64_t fen, int grouped);

/* ---- the book (book.c) ---- */

typedef struct ledger_cost_item {
	ds__date date;
	ds_ledger_category category;
	ds_ledger_phase phase;
	int64_t amount, vat;
	char *evidence;
	int capitalised;
	const char *rule;
} ledger_cost_item;

typedef enum ledger_event_kind { EV_IMPAIRMENT = 1, EV_WRITEDOWN, EV_REVERSAL, EV_NRV, EV_LICENCE } ledger_event_kind;

typedef struct ledger_event {
	ledger_event_kind kind;
	ds__date date;
	int64_t amount; /* recoverable amount / write-down / reversal / net realisable value / licence fee */
	int64_t vat;	/* licence: output VAT */
} ledger_event;

typedef struct ledger_asset {
	char *id, *name, *restricted;
	char *evidence[DS_LEDGER_CONDITIONS]; /* of each CAS 6 condition, or NULL */
	ds_ledger_class asset_class;
	ds_ledger_origin origin;
	ds_ledger_use use;
	ds_ledger_method method;
	ds__date acquired, available, conditions_met;
	int has_available, has_conditions, indefinite;
	long life;
	ds_decimal **units;
	size_t unit_count;
	int64_t residual;
	ledger_cost_item *costs;
	size_t cost_count, cost_cap;
	ledger_event *events;
	size_t event_count, event_cap;
	int disposed;
	ds__date disposal_date;
	ds_ledger_disposal disposal_kind;
	int64_t proceeds, proceeds_vat;
} ledger_asset;

typedef struct ledger_account_name {
	char *code, *name;
} ledger_account_name;

struct ds_ledger {
	ledger_asset *assets;
	size_t count, cap;
	size_t *index; /* open-addressing hash of asset ids: slot → position + 1, 0 empty */
	size_t index_cap;
	int64_t magnitude; /* Σ |input amounts|, bounded by DS__LEDGER_BOOK_MAX */
	ledger_account_name accounts[DS_LEDGER_ACC_COUNT];
	int64_t materiality;   /* fen; 0: none */
	char *entity;	       /* 会计主体, from a document; NULL when built through the API */
	char (*periods)[2][8]; /* reporting periods from a document: "YYYY-MM" start and end */
	size_t period_count;
};

/* Shared by the book's files (book.c, events.c, capitalise.c). */
int ds__ledger_find_asset(ledger_asset **out, ds_ledger *book, const char *id); /* DS_ENOTFOUND naming it */
int ds__ledger_text_ok(const char *s, size_t max);				/* 1..max bytes of UTF-8, no controls */
char *ds__ledger_nfc_copy(const char *s);					/* NFC copy, or NULL */
int ds__ledger_budget(ds_ledger *book, int64_t extra, const char *field);	/* DS_ERANGE past the book's bound */
void ds__ledger_classify(ledger_cost_item *item, const ledger_asset *a);	/* sets capitalised and rule */
int ds__ledger_revalidate(ledger_asset *a); /* re-derive what depends on the whole history after a change */

/* Capitalised cost of an asset (fen). */
int64_t ds__ledger_capitalised(const ledger_asset *a);
/* The asset's amortisation lines (a new array, or NULL when none) and, when
 * @losses is not NULL, each event's impairment loss (event_count entries; 0 for
 * events that are not impairments). The asset is only read. */
int ds__ledger_asset_lines(ds_ledger_schedule_line **lines, size_t *count, const ledger_asset *a, int64_t *losses);
/* Inventory: check the write-down, reversal and NRV-test sequence (DS_ESTATE /
 * DS_EINVAL) and, when @deltas is not NULL, each event's signed change of the
 * provision (event_count entries: + 计提, − 转回). */
int ds__ledger_check_provisions(const ledger_asset *a, int64_t *deltas);
/* The asset at position i, or NULL. */
const ledger_asset *ds__ledger_find(const ds_ledger *book, const char *id);

#endif
