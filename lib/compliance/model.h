/*
 * The compliance module's internal model: checklists, entries, evidence and
 * assessments, shared by its files. Never installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_COMPLIANCE_MODEL_H
#define DS_COMPLIANCE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "datasset/compliance.h"
#include "internal/core.h"
#include "internal/decimal.h"
#include "internal/xml.h"

/* ---- checklists ---- */
typedef enum flag_type { FT_BOOL, FT_INTEGER, FT_ENUM, FT_LEVEL, FT_SET } flag_type;

typedef struct flag_value {
	char *id, *label, *also; /* also: further spellings, separated by spaces */
} flag_value;

typedef struct flag_from {
	char *fact;   /* "catalog.security_class" */
	char *equals; /* the fact must equal this (NULL: any value, mapped like a declaration) */
	char *value;  /* the flag's value when it does (NULL: the fact's own value) */
} flag_from;

typedef struct flag_case {
	size_t value; /* index into values */
	ds__expr *when;
} flag_case;

typedef struct flag_def {
	char *name, *meaning, *basis, *def;
	flag_type type;
	flag_value *values;
	size_t n_values;
	flag_from *froms;
	size_t n_froms;
	int derived;
	ds__expr *when; /* a derived bool */
	flag_case *cases;
	size_t n_cases; /* a derived enum */
	size_t slot;	/* its first slot: one for bool/integer, one per value otherwise */
} flag_def;

typedef struct accept_def {
	char *kind;
	ds__expr *when; /* NULL: always */
} accept_def;

typedef struct item_def {
	char *id, *name, *requires, *basis, *on_unmet;
	ds__expr *applies, *blocking_when, *unmet_when;
	ds_compliance_severity severity;
	size_t restriction; /* index of the restrict:CODE, or SIZE_MAX */
	int absent_not_satisfied;
	long valid_months; /* 0: none */
	accept_def *accepts;
	size_t n_accepts;
	size_t gate_slot; /* the ID.satisfied slot of a gate item, else SIZE_MAX */
} item_def;

typedef struct restriction_def {
	char *code, *text;
} restriction_def;

typedef struct source_def {
	char *key, *text;
} source_def;

struct ds_checklist {
	char *id, *version, *title, *digest;
	source_def *sources;
	size_t n_sources;
	flag_def *flags;
	size_t n_flags;
	restriction_def *restrictions;
	size_t n_restrictions;
	item_def *items;
	size_t n_items;
	char **slot_names;
	size_t n_slots, cap_slots;
	size_t stack_need;
};

/* ---- entries and evidence ---- */
typedef struct pair {
	char *name, *value;
} pair;

struct ds_compliance_entry {
	char *id;
	pair *flags;
	size_t n_flags, cap_flags;
	pair *facts;
	size_t n_facts, cap_facts;
};

typedef struct evidence_rec {
	char *id, *kind, *digest, *issuer, *issuer_code, *assessor, *qualification, *note;
	ds__date issued, expires;
	int has_expires, contradicts;
	char **items; /* the items it is offered for; NULL: every item that accepts its kind */
	size_t n_items;
} evidence_rec;

typedef struct review_rec {
	char *item, *reviewer, *reason;
	ds__date date;
	ds_compliance_status status;
} review_rec;

struct ds_evidence {
	evidence_rec *records;
	size_t n_records;
	review_rec *reviews;
	size_t n_reviews;
};

/* Grow @array (a pointer to a pointer) to hold @need elements of @size. */
int ds__compliance_grow(void *array, size_t *cap, size_t need, size_t size);
/* Load @data (the whole document) against compliance.xsd and check the root is @root. */
int ds__compliance_load(xmlDocPtr *doc, const char *data, size_t len, const char *name, const char *root);
/* Read a whole file into a new buffer (ds__free). DS_EIO naming the path. */
int ds__compliance_read_file(char **data, size_t *len, const char *path);
/* 1 when @text is one of the space-separated words of @list. */
int ds__compliance_word_in(const char *text, const char *list);

#endif
