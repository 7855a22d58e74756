/*
 * Assessment: flags from declarations, facts and defaults; derived flags;
 * every item's status from reviews, flags and evidence valid at the
 * assessment date; the outcome and its reasons; and the result's writers.
 * Only the checklist's data says what any flag, item or restriction means.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "compliance/model.h"

typedef struct item_out {
	char *id, *name, *on_unmet, *basis, *decided_by, *note;
	char **ref_ids, **ref_digests, **ref_texts; /* what decided it, for the XML form */
	size_t n_refs;
	ds_compliance_status status;
	ds_compliance_severity severity;
	size_t restriction; /* SIZE_MAX: none */
} item_out;

typedef struct reason_out {
	size_t item;
	const char *kind; /* static: failure, condition, restriction, observation */
} reason_out;

struct ds_assessment {
	char *checklist_id, *checklist_version, *checklist_digest, *entry_id, *evaluator;
	char date[11], time[DS_TIME_SIZE];
	char **flag_names, **flag_values, **flag_origins;
	size_t n_flags;
	item_out *items;
	size_t n_items;
	char **restriction_codes, **restriction_texts;
	size_t n_restrictions;
	reason_out *reasons;
	size_t n_reasons;
	ds_compliance_outcome outcome;
	ds_compliance_workflow workflow;
};

static const char *const status_names[] = { "SATISFIED", "NOT_SATISFIED", "MISSING", "NOT_APPLICABLE" };
static const char *const outcome_names[] = { "pass", "conditional", "fail" };
static const char *const workflow_names[] = { "proceed", "hold", "reject" };
static const char *const severity_names[] = { "blocking", "warning", "gate" };

const char *ds_compliance_outcome_name(ds_compliance_outcome outcome)
{
	return (unsigned)outcome < 3 ? outcome_names[outcome] : NULL;
}

const char *ds_compliance_status_name(ds_compliance_status status)
{
	return (unsigned)status < 4 ? status_names[status] : NULL;
}

int ds_compliance_options_init(ds_compliance_options *opts, unsigned int version)
{
	ds_compliance_options init = DS_COMPLIANCE_OPTIONS_INIT;

	if (!opts || version != DS_COMPLIANCE_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_compliance_options_init: NULL or unknown version %u", version);
	*opts = init;
	return DS_OK;
}

static void free_strings(char **s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		ds__free(s[i]);
	ds__free(s);
}

void ds_assessment_free(ds_assessment *a)
{
	if (!a)
		return;
	ds__free(a->checklist_id);
	ds__free(a->checklist_version);
	ds__free(a->checklist_digest);
	ds__free(a->entry_id);
	ds__free(a->evaluator);
	free_strings(a->flag_names, a->n_flags);
	free_strings(a->flag_values, a->n_flags);
	free_strings(a->flag_origins, a->n_flags);
	for (size_t i = 0; i < a->n_items; i++) {
		ds__free(a->items[i].id);
		ds__free(a->items[i].name);
		ds__free(a->items[i].on_unmet);
		ds__free(a->items[i].basis);
		ds__free(a->items[i].decided_by);
		ds__free(a->items[i].note);
		free_strings(a->items[i].ref_ids, a->items[i].n_refs);
		free_strings(a->items[i].ref_digests, a->items[i].n_refs);
		free_strings(a->items[i].ref_texts, a->items[i].n_refs);
	}
	ds__free(a->items);
	free_strings(a->restriction_codes, a->n_restrictions);
	free_strings(a->restriction_texts, a->n_restrictions);
	ds__free(a->reasons);
	ds__free(a);
}

/* ---------------------------------------------------------------- evaluation state */

typedef struct eval_ctx {
	const ds_checklist *c;
	const ds_compliance_entry *entry;
	const ds_evidence *evidence;
	ds__date date;
	ds_decimal **vars;  /* one per slot */
	ds_decimal **stack; /* c->stack_need scratch decimals */
	ds_decimal *result;
	ds_assessment *a;
} eval_ctx;

static int truth(eval_ctx *x, const ds__expr *e, int *out)
{
	int rc;

	if (!e) {
		*out = 1;
		return DS_OK;
	}
	if ((rc = ds__expr_eval(x->result, e, (const ds_decimal *const *)x->vars, x->stack)) < 0) {
		ds__error_prefix("evaluating a checklist expression: ");
		return rc;
	}
	*out = !ds_decimal_is_zero(x->result);
	return DS_OK;
}

static const char *lookup(const pair *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}

static int find_value(const flag_def *f, const char *text)
{
	for (size_t i = 0; i < f->n_values; i++)
		if (strcmp(f->values[i].id, text) == 0 ||
		    (f->values[i].label && strcmp(f->values[i].label, text) == 0) ||
		    ds__compliance_word_in(text, f->values[i].also))
			return (int)i;
	return -1;
}

static void values_list(ds__buf *b, const flag_def *f)
{
	for (size_t i = 0; i < f->n_values; i++)
		ds__buf_printf(b, "%s%s", i ? ", " : "", f->values[i].id);
}

/* Read one value of flag @f from @text into @bits (enum/level/set: one bit per
 * value) or @number (bool/integer). @what names where it came from. */
static int read_value(const flag_def *f, const char *text, unsigned char *bits, int64_t *number, const char *what)
{
	ds__buf b = DS__BUF_INIT;
	int rc = DS_OK;

	if (f->type == FT_BOOL) {
		if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
			*number = 1;
		else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
			*number = 0;
		else
			rc = ds__error_at(DS_EINVAL, 0, 0, f->name, "flag '%s' (%s): '%s' is not true or false",
					  f->name, what, text);
		return rc;
	}
	if (f->type == FT_INTEGER) {
		size_t n = strlen(text);
		if (n == 0 || n > 15 || strspn(text, "0123456789") != n)
			return ds__error_at(
				DS_EINVAL, 0, 0, f->name,
				"flag '%s' (%s): '%s' is not a whole number from 0 to 999999999999999 (digits only)",
				f->name, what, text);
		*number = 0;
		for (size_t i = 0; i < n; i++)
			*number = *number * 10 + (text[i] - '0');
		return DS_OK;
	}
	if (f->type == FT_SET) {
		const char *p = text;
		char word[256];
		while (*p) {
			size_t len;
			int v;
			while (*p == ' ' || *p == ',')
				p++;
			len = strcspn(p, " ,");
			if (!len)
				break;
			snprintf(word, sizeof word, "%.*s", (int)(len < 255 ? len : 255), p);
			if ((v = find_value(f, word)) < 0)
				goto unknown;
			bits[v] = 1;
			p += len;
			continue;
unknown:
			values_list(&b, f);
			rc = ds__error_at(DS_EINVAL, 0, 0, f->name,
					  "flag '%s' (%s): '%s' is not one of its values (%s)", f->name, what, word,
					  b.data ? b.data : "");
			ds__buf_dispose(&b);
			return rc;
		}
		return DS_OK;
	}
	{
		int v = find_value(f, text);
		if (v < 0) {
			values_list(&b, f);
			rc = ds__error_at(DS_EINVAL, 0, 0, f->name,
					  "flag '%s' (%s): '%s' is not one of its values (%s)", f->name, what, text,
					  b.data ? b.data : "");
			ds__buf_dispose(&b);
			return rc;
		}
		memset(bits, 0, f->n_values);
		bits[v] = 1;
	}
	return DS_OK;
}

static int highest(const unsigned char *bits, size_t n)
{
	for (size_t i = n; i > 0; i--)
		if (bits[i - 1])
			return (int)(i - 1);
	return -1;
}

/* Write the flag's value as text. */
static int value_text(char **out, const flag_def *f, const unsigned char *bits, int64_t number)
{
	ds__buf b = DS__BUF_INIT;
	int first = 1;

	if (f->type == FT_BOOL)
		ds__buf_puts(&b, number ? "true" : "false");
	else if (f->type == FT_INTEGER)
		ds__buf_printf(&b, "%lld", (long long)number);
	else
		for (size_t i = 0; i < f->n_values; i++)
			if (bits[i]) {
				ds__buf_printf(&b, "%s%s", first ? "" : " ", f->values[i].id);
				first = 0;
			}
	if (b.oom)
		return ds__enomem();
	if (!b.data && ds__buf_puts(&b, "") < 0)
		return ds__enomem();
	return ds__buf_detach(out, &b);
}

static int set_slots(eval_ctx *x, const flag_def *f, const unsigned char *bits, int64_t number)
{
	int rc;

	if (f->type == FT_BOOL || f->type == FT_INTEGER)
		return ds_decimal_set_int64(x->vars[f->slot], number);
	for (size_t i = 0; i < f->n_values; i++)
		if ((rc = ds_decimal_set_int64(x->vars[f->slot + i], bits[i] ? 1 : 0)) < 0)
			return rc;
	return DS_OK;
}

/* The value of input flag @index: declared, facts, default (a level: the highest). */
static int input_flag(eval_ctx *x, size_t index)
{
	const flag_def *f = &x->c->flags[index];
	const char *declared = lookup(x->entry->flags, x->entry->n_flags, f->name);
	unsigned char *bits = NULL, *tmp = NULL;
	int64_t number = 0, n2 = 0;
	ds__buf origin = DS__BUF_INIT;
	int have = 0, rc = DS_OK;
	size_t nv = f->n_values ? f->n_values : 1;

	if (!(bits = ds__calloc(nv, 1)) || !(tmp = ds__calloc(nv, 1))) {
		rc = ds__enomem();
		goto done;
	}
	if (declared) {
		if ((rc = read_value(f, declared, bits, &number, "declared")) < 0)
			goto done;
		have = 1;
		ds__buf_puts(&origin, "declared");
	}
	for (size_t i = 0; i < f->n_froms && (!have || f->type == FT_LEVEL); i++) {
		const flag_from *fr = &f->froms[i];
		const char *fact = lookup(x->entry->facts, x->entry->n_facts, fr->fact);
		char what[256];
		if (!fact || (fr->equals && strcmp(fact, fr->equals) != 0))
			continue;
		snprintf(what, sizeof what, "fact %s", fr->fact);
		memset(tmp, 0, nv);
		if ((rc = read_value(f, fr->value ? fr->value : fact, tmp, &n2, what)) < 0)
			goto done;
		if (f->type == FT_LEVEL && have) {
			if (highest(tmp, nv) <= highest(bits, nv))
				continue;
			ds__buf_printf(&origin, "; raised by %s", what);
		} else {
			ds__buf_puts(&origin, what);
		}
		memcpy(bits, tmp, nv);
		number = n2;
		have = 1;
	}
	if (!have && f->def) {
		if ((rc = read_value(f, f->def, bits, &number, "default")) < 0)
			goto done;
		have = 1;
		ds__buf_puts(&origin, "default");
	}
	if (!have && f->type == FT_SET) {
		have = 1;
		ds__buf_puts(&origin, "default (none)");
	}
	if (!have) {
		ds__buf b = DS__BUF_INIT;
		values_list(&b, f);
		rc = ds__error_at(
			DS_EINVAL, 0, 0, f->name,
			"flag '%s' has no value: declare it in the entry (<flag name=\"%s\" value=\"...\"/>%s%s)",
			f->name, f->name, b.data ? "; one of " : "", b.data ? b.data : "");
		ds__buf_dispose(&b);
		goto done;
	}
	if (f->type == FT_LEVEL || f->type == FT_ENUM) {
		/* a level keeps only its highest value */
		int top = highest(bits, nv);
		memset(bits, 0, nv);
		bits[top] = 1;
	}
	if ((rc = set_slots(x, f, bits, number)) < 0 ||
	    (rc = value_text(&x->a->flag_values[index], f, bits, number)) < 0)
		goto done;
	if (origin.oom) {
		rc = ds__enomem();
		goto done;
	}
	rc = ds__buf_detach(&x->a->flag_origins[index], &origin);
done:
	ds__buf_dispose(&origin);
	ds__free(bits);
	ds__free(tmp);
	return rc;
}

static int derived_flag(eval_ctx *x, size_t index)
{
	const flag_def *f = &x->c->flags[index];
	unsigned char *bits = NULL;
	int t = 0, rc;
	int64_t number = 0;

	if (!(bits = ds__calloc(f->n_values ? f->n_values : 1, 1)))
		return ds__enomem();
	if (f->when) {
		if ((rc = truth(x, f->when, &t)) < 0)
			goto done;
		number = t;
	} else {
		size_t k;
		for (k = 0; k < f->n_cases; k++) {
			if ((rc = truth(x, f->cases[k].when, &t)) < 0)
				goto done;
			if (t)
				break;
		}
		if (k == f->n_cases) {
			rc = ds__error_at(DS_EINVAL, 0, 0, f->name, "derived flag '%s': no case holds for this entry",
					  f->name);
			goto done;
		}
		bits[f->cases[k].value] = 1;
	}
	if ((rc = set_slots(x, f, bits, number)) < 0 ||
	    (rc = value_text(&x->a->flag_values[index], f, bits, number)) < 0)
		goto done;
	rc = (x->a->flag_origins[index] = ds__strdup("derived")) ? DS_OK : ds__enomem();
done:
	ds__free(bits);
	return rc;
}

/* issued + @months (the day clamped to the month's length). */
static ds__date add_months(ds__date d, long months)
{
	long m = (long)d.year * 12 + (d.month - 1) + months;
	ds__date r;

	r.year = (int)(m / 12);
	r.month = (int)(m % 12) + 1;
	r.day = d.day;
	if (r.year > DS__YEAR_MAX) {
		r.year = DS__YEAR_MAX;
		r.month = 12;
		r.day = 31;
	}
	if (r.day > ds__days_in_month(r.year, r.month))
		r.day = ds__days_in_month(r.year, r.month);
	return r;
}

static int offered_for(const evidence_rec *r, const char *item)
{
	if (!r->items)
		return 1;
	for (size_t i = 0; i < r->n_items; i++)
		if (strcmp(r->items[i], item) == 0)
			return 1;
	return 0;
}

static void put_record(ds__buf *b, const evidence_rec *r)
{
	ds__buf_printf(b, "%s %s (%s", r->id, r->kind, r->digest);
	if (r->issuer)
		ds__buf_printf(b, "; %s%s%s", r->issuer, r->issuer_code ? " " : "",
			       r->issuer_code ? r->issuer_code : "");
	if (r->assessor)
		ds__buf_printf(b, "; %s%s%s", r->assessor, r->qualification ? ", " : "",
			       r->qualification ? r->qualification : "");
	ds__buf_puts(b, ")");
	if (r->note)
		ds__buf_printf(b, ": %s", r->note);
}

/* Record what decided item @o: an evidence id with its digest, or "review", "flags", "absence". */
static int add_ref(item_out *o, const char *id, const char *digest, const char *text)
{
	size_t n = o->n_refs + 1;
	char **ids = ds__realloc(o->ref_ids, n * sizeof *ids), **digests, **texts;

	if (!ids)
		return ds__enomem();
	o->ref_ids = ids;
	if (!(digests = ds__realloc(o->ref_digests, n * sizeof *digests)))
		return ds__enomem();
	o->ref_digests = digests;
	if (!(texts = ds__realloc(o->ref_texts, n * sizeof *texts)))
		return ds__enomem();
	o->ref_texts = texts;
	ids[o->n_refs] = ds__strdup(id);
	digests[o->n_refs] = ds__strdup(digest ? digest : "");
	texts[o->n_refs] = ds__strdup(text ? text : "");
	o->n_refs++;
	if (!ids[n - 1] || !digests[n - 1] || !texts[n - 1])
		return ds__enomem();
	return DS_OK;
}

static int decide_item(eval_ctx *x, size_t index)
{
	const item_def *it = &x->c->items[index];
	item_out *o = &x->a->items[index];
	ds__buf by = DS__BUF_INIT, note = DS__BUF_INIT, against = DS__BUF_INIT;
	int t, supported = 0, contradicted = 0, rc;
	char d1[11], d2[11];
	size_t *support = NULL, *oppose = NULL, n_support = 0, n_oppose = 0;

	o->severity = it->severity;
	o->restriction = it->restriction;
	if ((rc = truth(x, it->applies, &t)) < 0)
		goto done;
	if (!t) {
		o->status = DS_COMPLIANCE_NOT_APPLICABLE;
		goto finish;
	}
	if (it->blocking_when) {
		if ((rc = truth(x, it->blocking_when, &t)) < 0)
			goto done;
		if (t)
			o->severity = DS_COMPLIANCE_BLOCKING;
	}
	if (x->evidence)
		for (size_t i = 0; i < x->evidence->n_reviews; i++) {
			const review_rec *r = &x->evidence->reviews[i];
			if (strcmp(r->item, it->id) != 0)
				continue;
			ds__date_format(d1, r->date);
			o->status = r->status;
			ds__buf_printf(&by, "review by %s on %s%s%s", r->reviewer, d1,
				       r->reason && *r->reason ? ": " : "", r->reason ? r->reason : "");
			if ((rc = add_ref(o, "review", NULL, by.data)) < 0)
				goto done;
			goto finish;
		}
	if (it->unmet_when) {
		if ((rc = truth(x, it->unmet_when, &t)) < 0)
			goto done;
		if (t) {
			o->status = DS_COMPLIANCE_NOT_SATISFIED;
			ds__buf_printf(&by, "flags: %s", ds__expr_text(it->unmet_when));
			if ((rc = add_ref(o, "flags", NULL, ds__expr_text(it->unmet_when))) < 0)
				goto done;
			goto finish;
		}
	}
	if (x->evidence && x->evidence->n_records &&
	    (!(support = ds__calloc(x->evidence->n_records, sizeof *support)) ||
	     !(oppose = ds__calloc(x->evidence->n_records, sizeof *oppose)))) {
		rc = ds__enomem();
		goto done;
	}
	for (size_t i = 0; x->evidence && i < x->evidence->n_records; i++) {
		const evidence_rec *r = &x->evidence->records[i];
		int accepted = 0;
		for (size_t k = 0; k < it->n_accepts && !accepted; k++) {
			if (strcmp(it->accepts[k].kind, r->kind) != 0)
				continue;
			if ((rc = truth(x, it->accepts[k].when, &accepted)) < 0)
				goto done;
		}
		if (!accepted || !offered_for(r, it->id))
			continue;
		ds__date_format(d1, r->issued);
		if (ds__date_cmp(r->issued, x->date) > 0) {
			ds__buf_printf(&note, "%s%s not yet issued at the assessment date (issued %s)",
				       note.len ? "; " : "", r->id, d1);
			continue;
		}
		if (r->has_expires && ds__date_cmp(x->date, r->expires) > 0) {
			ds__date_format(d2, r->expires);
			ds__buf_printf(&note, "%s%s expired on %s (counts as absent)", note.len ? "; " : "", r->id, d2);
			continue;
		}
		if (it->valid_months && ds__date_cmp(x->date, add_months(r->issued, it->valid_months)) >= 0) {
			ds__buf_printf(&note,
				       "%s%s issued %s is older than the %ld months it counts for (counts as absent)",
				       note.len ? "; " : "", r->id, d1, it->valid_months);
			continue;
		}
		if (r->contradicts) {
			ds__buf_puts(&against, contradicted ? "; " : "evidence against: ");
			put_record(&against, r);
			contradicted = 1;
			oppose[n_oppose++] = i;
		} else {
			ds__buf_puts(&by, supported ? "; " : "evidence ");
			put_record(&by, r);
			supported = 1;
			support[n_support++] = i;
		}
	}
	for (size_t k = 0; k < (contradicted ? n_oppose : n_support); k++) {
		const evidence_rec *r = &x->evidence->records[contradicted ? oppose[k] : support[k]];
		if ((rc = add_ref(o, r->id, r->digest, r->kind)) < 0)
			goto done;
	}
	if (contradicted) {
		o->status = DS_COMPLIANCE_NOT_SATISFIED;
		ds__buf_clear(&by);
		ds__buf_put(&by, against.data, against.len);
	} else if (supported) {
		o->status = DS_COMPLIANCE_SATISFIED;
	} else {
		o->status = it->absent_not_satisfied ? DS_COMPLIANCE_NOT_SATISFIED : DS_COMPLIANCE_MISSING;
		if (it->absent_not_satisfied) {
			ds__buf_puts(&by, "no acceptable evidence (the checklist counts its absence as NOT_SATISFIED)");
			if ((rc = add_ref(o, "absence", NULL, "no acceptable evidence")) < 0)
				goto done;
		}
	}
finish:
	if (by.oom || note.oom) {
		rc = ds__enomem();
		goto done;
	}
	if (!by.data)
		ds__buf_puts(&by, "");
	if (!note.data)
		ds__buf_puts(&note, "");
	if ((rc = ds__buf_detach(&o->decided_by, &by)) < 0 || (rc = ds__buf_detach(&o->note, &note)) < 0)
		goto done;
	if (it->gate_slot != SIZE_MAX)
		rc = ds_decimal_set_int64(x->vars[it->gate_slot], o->status == DS_COMPLIANCE_SATISFIED);
done:
	ds__free(support);
	ds__free(oppose);
	ds__buf_dispose(&by);
	ds__buf_dispose(&note);
	ds__buf_dispose(&against);
	return rc;
}

static int add_reason(ds_assessment *a, size_t item, const char *kind, size_t *cap)
{
	int rc;

	if ((rc = ds__compliance_grow(&a->reasons, cap, a->n_reasons + 1, sizeof *a->reasons)) < 0)
		return rc;
	a->reasons[a->n_reasons].item = item;
	a->reasons[a->n_reasons++].kind = kind;
	return DS_OK;
}

static int outcome(const ds_checklist *c, ds_assessment *a)
{
	size_t cap = 0, i, j;
	int fail = 0, conditions = 0, rc;
	unsigned char *used = NULL;

	if (!(used = ds__calloc(c->n_restrictions ? c->n_restrictions : 1, 1)))
		return ds__enomem();
	/* Rule 2: a blocking item with on-unmet fail that is NOT_SATISFIED. */
	for (i = 0; i < a->n_items; i++) {
		const item_out *o = &a->items[i];
		if (o->status == DS_COMPLIANCE_NOT_SATISFIED && o->severity == DS_COMPLIANCE_BLOCKING &&
		    o->restriction == SIZE_MAX) {
			if ((rc = add_reason(a, i, "failure", &cap)) < 0)
				goto done;
			fail = 1;
		}
	}
	/* Rule 3: missing blocking items, unmet restrictions, unmet warnings. Rule 4: observations. */
	for (i = 0; i < a->n_items; i++) {
		const item_out *o = &a->items[i];
		if (o->status == DS_COMPLIANCE_NOT_APPLICABLE || o->status == DS_COMPLIANCE_SATISFIED ||
		    o->severity == DS_COMPLIANCE_GATE)
			continue;
		if (o->restriction != SIZE_MAX) {
			if ((rc = add_reason(a, i, "restriction", &cap)) < 0)
				goto done;
			used[o->restriction] = 1;
		}
		if ((o->severity == DS_COMPLIANCE_BLOCKING && o->status == DS_COMPLIANCE_MISSING) ||
		    (o->severity == DS_COMPLIANCE_WARNING && o->status == DS_COMPLIANCE_NOT_SATISFIED)) {
			if ((rc = add_reason(a, i, "condition", &cap)) < 0)
				goto done;
			conditions = 1;
		} else if (o->severity == DS_COMPLIANCE_WARNING && o->status == DS_COMPLIANCE_MISSING) {
			if ((rc = add_reason(a, i, "observation", &cap)) < 0)
				goto done;
		}
	}
	for (i = 0, j = 0; i < c->n_restrictions; i++)
		j += used[i];
	if (j && (!(a->restriction_codes = ds__calloc(j, sizeof(char *))) ||
		  !(a->restriction_texts = ds__calloc(j, sizeof(char *))))) {
		rc = ds__enomem();
		goto done;
	}
	/* In the order the items attach them. */
	for (i = 0; i < a->n_items; i++) {
		size_t r = a->items[i].restriction;
		if (r == SIZE_MAX || !used[r] || a->items[i].status == DS_COMPLIANCE_SATISFIED ||
		    a->items[i].status == DS_COMPLIANCE_NOT_APPLICABLE)
			continue;
		used[r] = 0;
		if (!(a->restriction_codes[a->n_restrictions] = ds__strdup(c->restrictions[r].code)) ||
		    !(a->restriction_texts[a->n_restrictions] = ds__strdup(c->restrictions[r].text))) {
			a->n_restrictions++;
			rc = ds__enomem();
			goto done;
		}
		a->n_restrictions++;
	}
	a->outcome = fail			       ? DS_COMPLIANCE_FAIL :
		     (conditions || a->n_restrictions) ? DS_COMPLIANCE_CONDITIONAL :
							 DS_COMPLIANCE_PASS;
	a->workflow = fail ? DS_COMPLIANCE_REJECT : conditions ? DS_COMPLIANCE_HOLD : DS_COMPLIANCE_PROCEED;
	rc = DS_OK;
done:
	ds__free(used);
	return rc;
}

static int check_inputs(const ds_checklist *c, const ds_compliance_entry *e, const ds_evidence *ev)
{
	size_t i, j;

	for (i = 0; i < e->n_flags; i++) {
		for (j = 0; j < c->n_flags; j++)
			if (strcmp(c->flags[j].name, e->flags[i].name) == 0)
				break;
		if (j == c->n_flags)
			return ds__error_at(
				DS_EINVAL, 0, 0, e->flags[i].name,
				"flag '%s' is not declared by checklist %s (ds_checklist_describe() lists its flags)",
				e->flags[i].name, c->id);
		if (c->flags[j].derived)
			return ds__error_at(DS_EINVAL, 0, 0, e->flags[i].name,
					    "flag '%s' is derived by checklist %s and cannot be declared",
					    e->flags[i].name, c->id);
	}
	for (i = 0; ev && i < ev->n_reviews; i++) {
		for (j = 0; j < c->n_items; j++)
			if (strcmp(c->items[j].id, ev->reviews[i].item) == 0)
				break;
		if (j == c->n_items)
			return ds__error_at(DS_EINVAL, 0, 0, "review/item",
					    "review of item '%s': checklist %s has no such item", ev->reviews[i].item,
					    c->id);
	}
	return DS_OK;
}

int ds_compliance_assess(ds_assessment **out, const ds_checklist *c, const ds_compliance_entry *entry,
			 const ds_evidence *evidence, const ds_compliance_options *opts)
{
	ds_compliance_options defaults = DS_COMPLIANCE_OPTIONS_INIT;
	eval_ctx x;
	ds_assessment *a = NULL;
	int64_t now;
	char local[DS_TIME_SIZE];
	size_t i, n_inputs = 0;
	int rc;

	memset(&x, 0, sizeof x);
	if (!out || !c || !entry)
		return ds__error(DS_EINVAL, "ds_compliance_assess: NULL argument");
	if (!opts)
		opts = &defaults;
	if (opts->version != DS_COMPLIANCE_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_compliance_assess: unknown options version %u", opts->version);
	if ((rc = check_inputs(c, entry, evidence)) < 0)
		return rc;
	if (opts->time) {
		if ((rc = ds_time_parse(&now, opts->time)) < 0) {
			ds__error_prefix("options time: ");
			return rc;
		}
	} else {
		now = (int64_t)time(NULL);
	}
	if (!(a = ds__calloc(1, sizeof *a))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = ds_time_format(a->time, now, 0)) < 0 || (rc = ds_time_format(local, now, 480)) < 0)
		goto done;
	if (opts->date) {
		if ((rc = ds__date_parse(&x.date, opts->date)) < 0) {
			ds__error_prefix("options date: ");
			goto done;
		}
	} else {
		local[10] = '\0';
		if ((rc = ds__date_parse(&x.date, local)) < 0)
			goto done;
	}
	ds__date_format(a->date, x.date);
	x.c = c;
	x.entry = entry;
	x.evidence = evidence;
	x.a = a;
	if (!(a->checklist_id = ds__strdup(c->id)) || !(a->checklist_version = ds__strdup(c->version)) ||
	    !(a->checklist_digest = ds__strdup(c->digest)) ||
	    !(a->evaluator = ds__strdup(opts->evaluator ? opts->evaluator : "datasset")) ||
	    !(a->entry_id = ds__strdup(entry->id ? entry->id : "")) ||
	    !(a->flag_names = ds__calloc(c->n_flags, sizeof(char *))) ||
	    !(a->flag_values = ds__calloc(c->n_flags, sizeof(char *))) ||
	    !(a->flag_origins = ds__calloc(c->n_flags, sizeof(char *))) ||
	    !(a->items = ds__calloc(c->n_items, sizeof *a->items)) ||
	    !(x.vars = ds__calloc(c->n_slots ? c->n_slots : 1, sizeof *x.vars)) ||
	    !(x.stack = ds__calloc(c->stack_need ? c->stack_need : 1, sizeof *x.stack))) {
		rc = ds__enomem();
		goto done;
	}
	a->n_flags = c->n_flags;
	a->n_items = c->n_items;
	for (i = 0; i < c->n_slots; i++)
		if ((rc = ds_decimal_new(&x.vars[i])) < 0)
			goto done;
	for (i = 0; i < c->stack_need; i++)
		if ((rc = ds_decimal_new(&x.stack[i])) < 0)
			goto done;
	if ((rc = ds_decimal_new(&x.result)) < 0)
		goto done;
	for (i = 0; i < c->n_items; i++) {
		const item_def *it = &c->items[i];
		item_out *o = &a->items[i];
		o->restriction = SIZE_MAX;
		if (!(o->id = ds__strdup(it->id)) || !(o->name = ds__strdup(it->name)) ||
		    !(o->on_unmet =
			      ds__strdup(it->on_unmet && it->severity != DS_COMPLIANCE_GATE ? it->on_unmet : "")) ||
		    !(o->basis = ds__strdup(it->basis))) {
			rc = ds__enomem();
			goto done;
		}
	}
	for (i = 0; i < c->n_flags; i++)
		if (!(a->flag_names[i] = ds__strdup(c->flags[i].name))) {
			rc = ds__enomem();
			goto done;
		}
	/* Inputs, then gate items (they read inputs only), then derived flags, then the other items. */
	for (i = 0; i < c->n_flags && !c->flags[i].derived; i++, n_inputs++)
		if ((rc = input_flag(&x, i)) < 0)
			goto done;
	for (i = 0; i < c->n_items; i++)
		if (c->items[i].severity == DS_COMPLIANCE_GATE && (rc = decide_item(&x, i)) < 0)
			goto done;
	for (i = n_inputs; i < c->n_flags; i++)
		if ((rc = derived_flag(&x, i)) < 0)
			goto done;
	for (i = 0; i < c->n_items; i++)
		if (c->items[i].severity != DS_COMPLIANCE_GATE && (rc = decide_item(&x, i)) < 0)
			goto done;
	/* Warnings' on-unmet has no effect: they never fail and never restrict. */
	for (i = 0; i < c->n_items; i++)
		if (a->items[i].severity != DS_COMPLIANCE_BLOCKING) {
			a->items[i].restriction = SIZE_MAX;
			a->items[i].on_unmet[0] = '\0';
		} else {
			a->items[i].restriction = c->items[i].restriction;
		}
	if ((rc = outcome(c, a)) < 0)
		goto done;
	*out = a;
	a = NULL;
done:
	if (x.vars)
		for (i = 0; i < c->n_slots; i++)
			ds_decimal_free(x.vars[i]);
	if (x.stack)
		for (i = 0; i < c->stack_need; i++)
			ds_decimal_free(x.stack[i]);
	ds__free(x.vars);
	ds__free(x.stack);
	ds_decimal_free(x.result);
	ds_assessment_free(a);
	return rc;
}

/* ---------------------------------------------------------------- accessors */

ds_compliance_outcome ds_assessment_outcome(const ds_assessment *a)
{
	return a ? a->outcome : DS_COMPLIANCE_FAIL;
}

ds_compliance_workflow ds_assessment_workflow(const ds_assessment *a)
{
	return a ? a->workflow : DS_COMPLIANCE_REJECT;
}

size_t ds_assessment_item_count(const ds_assessment *a)
{
	return a ? a->n_items : 0;
}

int ds_assessment_item_at(ds_compliance_item *out, const ds_assessment *a, size_t index)
{
	const item_out *o;

	if (!out || !a)
		return ds__error(DS_EINVAL, "ds_assessment_item_at: NULL argument");
	if (index >= a->n_items)
		return ds__error(DS_ERANGE, "ds_assessment_item_at: index %zu, but the assessment has %zu items", index,
				 a->n_items);
	o = &a->items[index];
	out->id = o->id;
	out->name = o->name;
	out->status = o->status;
	out->severity = o->severity;
	out->on_unmet = o->on_unmet;
	out->decided_by = o->decided_by;
	out->note = o->note;
	out->basis = o->basis;
	return DS_OK;
}

size_t ds_assessment_restriction_count(const ds_assessment *a)
{
	return a ? a->n_restrictions : 0;
}

int ds_assessment_restriction_at(const char **code, const char **text, const ds_assessment *a, size_t index)
{
	if (!a)
		return ds__error(DS_EINVAL, "ds_assessment_restriction_at: NULL argument");
	if (index >= a->n_restrictions)
		return ds__error(DS_ERANGE,
				 "ds_assessment_restriction_at: index %zu, but the assessment has %zu restrictions",
				 index, a->n_restrictions);
	if (code)
		*code = a->restriction_codes[index];
	if (text)
		*text = a->restriction_texts[index];
	return DS_OK;
}

size_t ds_assessment_flag_count(const ds_assessment *a)
{
	return a ? a->n_flags : 0;
}

int ds_assessment_flag_at(const char **name, const char **value, const char **origin, const ds_assessment *a,
			  size_t index)
{
	if (!a)
		return ds__error(DS_EINVAL, "ds_assessment_flag_at: NULL argument");
	if (index >= a->n_flags)
		return ds__error(DS_ERANGE, "ds_assessment_flag_at: index %zu, but the assessment has %zu flags", index,
				 a->n_flags);
	if (name)
		*name = a->flag_names[index];
	if (value)
		*value = a->flag_values[index];
	if (origin)
		*origin = a->flag_origins[index];
	return DS_OK;
}

/* ---------------------------------------------------------------- writers */

static int write_text(char **out, const ds_assessment *a)
{
	ds__buf b = DS__BUF_INIT;
	size_t i, r;
	static const char *const reason_words[] = { "failure", "condition", "restriction", "observation" };

	ds__buf_printf(&b, "Compliance assessment%s%s against %s version %s (%s)\n", a->entry_id[0] ? " of " : "",
		       a->entry_id, a->checklist_id, a->checklist_version, a->checklist_digest);
	ds__buf_printf(&b, "Assessment date %s; evaluated %s by %s\n\nFlags:\n", a->date, a->time, a->evaluator);
	for (i = 0; i < a->n_flags; i++)
		ds__buf_printf(&b, "  %s = %s (%s)\n", a->flag_names[i], a->flag_values[i], a->flag_origins[i]);
	ds__buf_puts(&b, "\nItems:\n");
	for (i = 0; i < a->n_items; i++) {
		const item_out *o = &a->items[i];
		ds__buf_printf(&b, "  %s %s: %s", o->id, o->name, status_names[o->status]);
		if (o->status != DS_COMPLIANCE_NOT_APPLICABLE) {
			ds__buf_printf(&b, " [%s%s%s]", severity_names[o->severity], o->on_unmet[0] ? ", " : "",
				       o->on_unmet);
			if (o->decided_by[0])
				ds__buf_printf(&b, "\n      decided by: %s", o->decided_by);
			if (o->note[0])
				ds__buf_printf(&b, "\n      not counted: %s", o->note);
			ds__buf_printf(&b, "\n      basis: %s", o->basis);
		}
		ds__buf_puts(&b, "\n");
	}
	ds__buf_printf(&b, "\nOutcome: %s (%s)\n", outcome_names[a->outcome],
		       a->workflow == DS_COMPLIANCE_PROCEED ?
			       "proceed: REVIEW may go on to PUBLICITY" :
		       a->workflow == DS_COMPLIANCE_HOLD ?
			       "hold: the entry stays in REVIEW until the conditions are met (补正)" :
			       "reject: REVIEW → REJECTED (不予登记)");
	for (size_t k = 0; k < 4; k++)
		for (r = 0; r < a->n_reasons; r++)
			if (strcmp(a->reasons[r].kind, reason_words[k]) == 0) {
				const item_out *o = &a->items[a->reasons[r].item];
				ds__buf_printf(&b, "  %s: %s %s %s\n", reason_words[k], o->id, o->name,
					       status_names[o->status]);
			}
	for (i = 0; i < a->n_restrictions; i++)
		ds__buf_printf(&b, "  restriction %s: %s\n", a->restriction_codes[i], a->restriction_texts[i]);
	if (b.oom)
		return ds__enomem();
	return ds__buf_detach(out, &b);
}

static int write_csv(char **out, const ds_assessment *a)
{
	ds__buf b = DS__BUF_INIT;

	ds__csv_field(&b, "id", 1);
	ds__csv_field(&b, "name", 0);
	ds__csv_field(&b, "status", 0);
	ds__csv_field(&b, "severity", 0);
	ds__csv_field(&b, "on_unmet", 0);
	ds__csv_field(&b, "decided_by", 0);
	ds__csv_field(&b, "note", 0);
	ds__csv_field(&b, "basis", 0);
	ds__csv_end_row(&b);
	for (size_t i = 0; i < a->n_items; i++) {
		const item_out *o = &a->items[i];
		ds__csv_field(&b, o->id, 1);
		ds__csv_field(&b, o->name, 0);
		ds__csv_field(&b, status_names[o->status], 0);
		ds__csv_field(&b, o->status == DS_COMPLIANCE_NOT_APPLICABLE ? "" : severity_names[o->severity], 0);
		ds__csv_field(&b, o->status == DS_COMPLIANCE_NOT_APPLICABLE ? "" : o->on_unmet, 0);
		ds__csv_field(&b, o->decided_by, 0);
		ds__csv_field(&b, o->note, 0);
		ds__csv_field(&b, o->basis, 0);
		ds__csv_end_row(&b);
	}
	if (b.oom)
		return ds__enomem();
	return ds__buf_detach(out, &b);
}

static int write_xml(char **out, const ds_assessment *a)
{
	ds__xml_writer w;
	size_t i, r;
	int rc;

	if ((rc = ds__xmlw_begin(&w, "assessment", "urn:datasset:compliance:1")) < 0)
		return rc;
	if (a->entry_id[0])
		ds__xmlw_attr(&w, "entry", a->entry_id);
	ds__xmlw_attr(&w, "date", a->date);
	ds__xmlw_attr(&w, "time", a->time);
	ds__xmlw_attr(&w, "evaluator", a->evaluator);
	ds__xmlw_start(&w, "checklist");
	ds__xmlw_attr(&w, "id", a->checklist_id);
	ds__xmlw_attr(&w, "version", a->checklist_version);
	ds__xmlw_attr(&w, "digest", a->checklist_digest);
	ds__xmlw_end(&w);
	for (i = 0; i < a->n_flags; i++) {
		ds__xmlw_start(&w, "flag");
		ds__xmlw_attr(&w, "name", a->flag_names[i]);
		ds__xmlw_attr(&w, "value", a->flag_values[i]);
		ds__xmlw_attr(&w, "origin", a->flag_origins[i]);
		ds__xmlw_end(&w);
	}
	for (i = 0; i < a->n_items; i++) {
		const item_out *o = &a->items[i];
		ds__xmlw_start(&w, "item");
		ds__xmlw_attr(&w, "id", o->id);
		ds__xmlw_attr(&w, "name", o->name);
		ds__xmlw_attr(&w, "status", status_names[o->status]);
		ds__xmlw_attr(&w, "severity", severity_names[o->severity]);
		if (o->on_unmet[0])
			ds__xmlw_attr(&w, "on-unmet", o->on_unmet);
		for (r = 0; r < o->n_refs; r++) {
			ds__xmlw_start(&w, "decided-by");
			ds__xmlw_attr(&w, "ref", o->ref_ids[r]);
			if (o->ref_digests[r][0])
				ds__xmlw_attr(&w, "digest", o->ref_digests[r]);
			ds__xmlw_text(&w, o->ref_texts[r]);
			ds__xmlw_end(&w);
		}
		if (o->note[0])
			ds__xmlw_element(&w, "note", o->note);
		ds__xmlw_element(&w, "basis", o->basis);
		ds__xmlw_end(&w);
	}
	ds__xmlw_start(&w, "outcome");
	ds__xmlw_attr(&w, "result", outcome_names[a->outcome]);
	ds__xmlw_attr(&w, "workflow", workflow_names[a->workflow]);
	for (r = 0; r < a->n_reasons; r++) {
		const item_out *o = &a->items[a->reasons[r].item];
		char text[512];
		snprintf(text, sizeof text, "%s %s", o->name, status_names[o->status]);
		ds__xmlw_start(&w, "reason");
		ds__xmlw_attr(&w, "item", o->id);
		ds__xmlw_attr(&w, "kind", a->reasons[r].kind);
		ds__xmlw_text(&w, text);
		ds__xmlw_end(&w);
	}
	for (i = 0; i < a->n_restrictions; i++) {
		ds__xmlw_start(&w, "restriction");
		ds__xmlw_attr(&w, "code", a->restriction_codes[i]);
		ds__xmlw_attr(&w, "text", a->restriction_texts[i]);
		ds__xmlw_end(&w);
	}
	ds__xmlw_end(&w);
	return ds__xmlw_finish(out, &w);
}

int ds_assessment_write(char **out, const ds_assessment *a, ds_compliance_format format)
{
	if (!out || !a)
		return ds__error(DS_EINVAL, "ds_assessment_write: NULL argument");
	switch (format) {
	case DS_COMPLIANCE_TEXT: return write_text(out, a);
	case DS_COMPLIANCE_XML: return write_xml(out, a);
	case DS_COMPLIANCE_CSV: return write_csv(out, a);
	}
	return ds__error(DS_EINVAL, "ds_assessment_write: unknown format %d", (int)format);
}
