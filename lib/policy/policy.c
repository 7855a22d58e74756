/*
 * Policies: the figure vocabulary, reading a policy document and checking its
 * rules, and describing it in plain words.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal/decimal_xml.h"
#include "policy/model.h"

const figure_info ds__policy_figures[F_FIXED_COUNT] = {
	{ "applicant.verified", UNIT_APPLICANT, "1 when registered and verified (注册认证) on the platform, else 0" },
	{ "applicant.listed_products", UNIT_APPLICANT, "products first listed on or before the window's end" },
	{ "applicant.trade_total", UNIT_APPLICANT, "场内 trades of all its products in the window" },
	{ "applicant.filed_as_provider", UNIT_APPLICANT, "场外 trades filed in the window, as provider" },
	{ "applicant.filed_as_buyer", UNIT_APPLICANT, "场外 trades filed in the window, as buyer" },
	{ "applicant.filed_total", UNIT_APPLICANT, "场外 trades filed in the window, as provider and as buyer" },
	{ "applicant.contract_total", UNIT_APPLICANT, "数据标注 service contracts in the window" },
	{ "applicant.contract_parties", UNIT_APPLICANT, "distinct counterparties of those contracts" },
	{ "applicant.research_partners", UNIT_APPLICANT,
	  "partners that are universities or research institutes (高校院所)" },
	{ "applicant.contract_enterprises", UNIT_APPLICANT,
	  "distinct counterparties of those contracts that are enterprises" },
	{ "applicant.enterprise_contract_total", UNIT_APPLICANT, "those contracts with enterprises, in total" },
	{ "applicant.training_system", UNIT_APPLICANT,
	  "1 when a talent-training system (人才培养体系) is stated with its evidence, else 0" },
	{ "applicant.reviewed", UNIT_APPLICANT, "1 when a 综合评审 score is given, else 0" },
	{ "applicant.review_score", UNIT_APPLICANT, "the 综合评审 score (0 when none)" },
	{ "product.trade_total", UNIT_PRODUCT, "场内 trades of the product in the window" },
	{ "product.trade_cumulative", UNIT_PRODUCT, "场内 trades of the product, whatever their date (累计交易额)" },
	{ "product.listed_in_window", UNIT_PRODUCT, "1 when first listed (首次登记上架) in the window, else 0" },
	{ "product.certificate", UNIT_PRODUCT, "1 when it holds a 数据产品登记证书, else 0" },
	{ "product.trade_voucher", UNIT_PRODUCT, "1 when it holds a 数据交易凭证, else 0" },
	{ "case.in_window", UNIT_CASE, "1 when the case's own date is in the window, else 0" },
	{ "case.year", UNIT_CASE, "the year of the competition or publication (0 when not stated)" },
	{ "case.applicants", UNIT_CASE, "how many applicants list the same case" },
	{ "case.share", UNIT_CASE, "the applicant's declared share of the case (1 when none is declared)" },
	{ "case.share_declared", UNIT_CASE, "1 when the applicant declares its share, else 0" },
	{ "recognition.amount", UNIT_RECOGNITION, "the recognised (入表) data-asset amount" },
	{ "recognition.in_window", UNIT_RECOGNITION, "1 when recognised in the window, else 0" },
	{ "recognition.registered", UNIT_RECOGNITION, "1 when a 数据资源（资产）登记凭证 was obtained, else 0" },
	{ "recognition.voucher_user", UNIT_RECOGNITION, "1 when the enterprise applied to be a 数据券 user, else 0" },
	{ "recognition.voucher_claimed", UNIT_RECOGNITION,
	  "1 when the voucher was claimed (申领), with its date, else 0" },
	{ "provider.approved", UNIT_RECOGNITION, "1 when the 服务商 is approved in the voucher zone, else 0" },
	{ "provider.independent", UNIT_RECOGNITION, "1 when the 服务商 is an independent legal person, else 0" },
	{ "provider.years", UNIT_RECOGNITION,
	  "full years the 服务商 has operated, at the claim date (without one: the window's end, or the recognition date)" },
	{ "provider.clean", UNIT_RECOGNITION, "1 when the 服务商 has no bad credit or criminal record, else 0" },
	{ "provider.licensed", UNIT_RECOGNITION,
	  "1 when the 服务商's licences are complete (营业执照等相关证照齐全), else 0" },
};

const char *const ds__policy_tag_prefix[TAG_FAMILIES] = { "applicant.voucher.", "case.list.", "provider.qualification.",
							  "case.outcome." };
const unit_kind ds__policy_tag_unit[TAG_FAMILIES] = { UNIT_APPLICANT, UNIT_CASE, UNIT_RECOGNITION, UNIT_CASE };

static const char *const unit_names[] = { "applicant", "product", "case", "recognition" };

const char *ds__policy_unit_name(unit_kind unit)
{
	return unit_names[unit];
}

int ds__policy_grow(void *array, size_t *cap, size_t need, size_t size)
{
	void **slot = array, *grown;
	size_t new_cap = *cap ? *cap : 4;

	if (need <= *cap)
		return DS_OK;
	while (new_cap < need) {
		if (new_cap > SIZE_MAX / 2 / size)
			return ds__enomem();
		new_cap *= 2;
	}
	if (!(grown = ds__realloc(*slot, new_cap * size)))
		return ds__enomem();
	*slot = grown;
	*cap = new_cap;
	return DS_OK;
}

/* ---------------------------------------------------------------- names */

typedef struct resolve_ctx {
	ds_policy *policy;
	size_t cap_tags;
	unit_kind unit;
} resolve_ctx;

static int tag_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64 || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* A figure name to its slot, for the programme whose unit is ctx->unit. */
static int resolve(void *data, const char *name, size_t len)
{
	resolve_ctx *ctx = data;
	ds_policy *p = ctx->policy;
	size_t i, prefix_len;
	int rc;

	for (i = 0; i < F_FIXED_COUNT; i++) {
		const figure_info *f = &ds__policy_figures[i];
		if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
			return f->unit == UNIT_APPLICANT || f->unit == ctx->unit ? (int)i : DS_EINVAL;
	}
	for (i = 0; i < TAG_FAMILIES; i++) {
		prefix_len = strlen(ds__policy_tag_prefix[i]);
		if (len <= prefix_len || memcmp(name, ds__policy_tag_prefix[i], prefix_len) != 0)
			continue;
		if (ds__policy_tag_unit[i] != UNIT_APPLICANT && ds__policy_tag_unit[i] != ctx->unit)
			return DS_EINVAL;
		if (!tag_ok(name + prefix_len, len - prefix_len))
			return DS_EINVAL;
		for (size_t t = 0; t < p->n_tags; t++)
			if (p->tags[t].family == (tag_family)i && strlen(p->tags[t].name) == len - prefix_len &&
			    memcmp(p->tags[t].name, name + prefix_len, len - prefix_len) == 0)
				return (int)(F_FIXED_COUNT + t);
		if ((rc = ds__policy_grow(&p->tags, &ctx->cap_tags, p->n_tags + 1, sizeof *p->tags)) < 0)
			return rc;
		if (!(p->tags[p->n_tags].name = ds__strndup(name + prefix_len, len - prefix_len)))
			return ds__enomem();
		p->tags[p->n_tags].family = (tag_family)i;
		return (int)(F_FIXED_COUNT + p->n_tags++);
	}
	return DS_EINVAL;
}

/* Compile the expression in @attr of @node for a programme of @unit. */
static int compile_at(ds__expr **out, resolve_ctx *ctx, xmlNodePtr node, const char *attr)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text_required(&text, node, attr)) < 0)
		return rc;
	if ((rc = ds__expr_compile(out, text, resolve, ctx)) < 0 && rc != DS_ENOMEM) {
		char message[1024];
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		rc = ds__xml_error(DS_EINVAL, node, attr, "'%s': %s (figures of a %s programme: applicant.*%s%s)", text,
				   message, ds__policy_unit_name(ctx->unit), ctx->unit == UNIT_APPLICANT ? "" : ", ",
				   ctx->unit == UNIT_APPLICANT ?
					   "" :
					   (ctx->unit == UNIT_RECOGNITION ?
						    "recognition.*, provider.*" :
						    (ctx->unit == UNIT_PRODUCT ? "product.*" : "case.*")));
	}
	ds__free(text);
	return rc;
}

/* ---------------------------------------------------------------- reading */

static void programme_dispose(prog_def *g)
{
	size_t i;

	ds__free(g->id);
	ds__free(g->title);
	ds__free(g->clause);
	ds__free(g->window_clause);
	ds__free(g->rank_clause);
	ds__free(g->award_clause);
	ds__free(g->cap_award_clause);
	ds__free(g->cap_unit_clause);
	ds__free(g->cap_applicant_clause);
	ds__free(g->cap_count_clause);
	for (i = 0; i < g->n_conditions; i++) {
		ds__expr_free(g->conditions[i].test);
		ds__free(g->conditions[i].label);
		ds__free(g->conditions[i].clause);
	}
	ds__free(g->conditions);
	ds__expr_free(g->rank_by);
	ds__expr_free(g->formula);
	ds_decimal_free(g->cap_award);
	ds_decimal_free(g->cap_unit);
	for (i = 0; i < g->n_bands; i++) {
		ds_decimal_free(g->bands[i].amount);
		ds__free(g->bands[i].clause);
	}
	ds__free(g->bands);
	ds_decimal_free(g->cap_applicant);
	ds__free(g->uses);
}

void ds_policy_free(ds_policy *policy)
{
	size_t i;

	if (!policy)
		return;
	for (i = 0; i < policy->n_programmes; i++)
		programme_dispose(&policy->programmes[i]);
	ds__free(policy->programmes);
	for (i = 0; i < policy->n_tags; i++)
		ds__free(policy->tags[i].name);
	ds__free(policy->tags);
	for (i = 0; i < policy->n_groups; i++)
		ds__free(policy->group_clauses[i]);
	ds__free(policy->group_clauses);
	ds__free(policy->id);
	ds__free(policy->title);
	ds__free(policy->source);
	ds__free(policy);
}

static int has_attr(xmlNodePtr node, const char *attr)
{
	return xmlHasProp(node, (const xmlChar *)attr) != NULL;
}

static int read_window(prog_def *g, xmlNodePtr node)
{
	ds__date from, to;
	char a[16], b[16];
	int rc;

	if ((rc = ds__xml_date(&from, node, "from")) < 0 || (rc = ds__xml_date(&to, node, "to")) < 0)
		return rc;
	if (ds__date_cmp(to, from) < 0) {
		ds__date_format(a, from);
		ds__date_format(b, to);
		return ds__xml_error(DS_EINVAL, node, "to", "the window ends (%s) before it starts (%s)", b, a);
	}
	if ((rc = ds__xml_text(&g->window_clause, node, "clause")) < 0)
		return rc;
	g->has_window = 1;
	g->from = ds__date_to_days(from);
	g->to = ds__date_to_days(to);
	return DS_OK;
}

static int read_amount(ds_decimal **out, xmlNodePtr node)
{
	int rc;

	if (!has_attr(node, "amount"))
		return ds__xml_error(DS_EINVAL, node, "amount", "this cap needs an amount");
	if ((rc = ds_decimal_new(out)) < 0)
		return rc;
	return ds__xml_amount(*out, node, "amount", DS__AMOUNT_NONNEGATIVE | DS__AMOUNT_FEN | DS__AMOUNT_15_DIGITS);
}

static int read_cap(prog_def *g, xmlNodePtr node, size_t *cap_bands)
{
	char *per = NULL;
	rank_band *band;
	size_t i;
	int rc;

	if ((rc = ds__xml_text_required(&per, node, "per")) < 0)
		goto done;
	if (strcmp(per, "award") == 0) {
		if (g->cap_award) {
			rc = ds__xml_error(DS_EINVAL, node, NULL, "a second per-award cap");
			goto done;
		}
		if ((rc = read_amount(&g->cap_award, node)) == DS_OK)
			rc = ds__xml_text(&g->cap_award_clause, node, "clause");
	} else if (strcmp(per, "unit") == 0) {
		if (g->unit == UNIT_APPLICANT) {
			rc = ds__xml_error(DS_EINVAL, node, "per",
					   "a per-unit cap needs a programme of products, cases or recognitions");
			goto done;
		}
		if (g->cap_unit) {
			rc = ds__xml_error(DS_EINVAL, node, NULL, "a second per-unit cap");
			goto done;
		}
		if ((rc = read_amount(&g->cap_unit, node)) == DS_OK)
			rc = ds__xml_text(&g->cap_unit_clause, node, "clause");
	} else if (strcmp(per, "rank") == 0) {
		if (!g->rank_by) {
			rc = ds__xml_error(DS_EINVAL, node, NULL, "a rank-band cap needs a <rank> in the programme");
			goto done;
		}
		if ((rc = ds__policy_grow(&g->bands, cap_bands, g->n_bands + 1, sizeof *g->bands)) < 0)
			goto done;
		band = &g->bands[g->n_bands];
		memset(band, 0, sizeof *band);
		if (!has_attr(node, "from") || !has_attr(node, "to")) {
			rc = ds__xml_error(DS_EINVAL, node, NULL, "a rank-band cap needs 'from' and 'to'");
			goto done;
		}
		if ((rc = ds__xml_long(&band->first, node, "from", 1, LONG_MAX)) < 0 ||
		    (rc = ds__xml_long(&band->last, node, "to", 1, LONG_MAX)) < 0)
			goto done;
		if (band->last < band->first) {
			rc = ds__xml_error(DS_EINVAL, node, "to", "rank band %ld-%ld ends before it starts",
					   band->first, band->last);
			goto done;
		}
		if (g->awardees && band->last > g->awardees) {
			rc = ds__xml_error(DS_EINVAL, node, "to", "rank band %ld-%ld goes past the %ld awardees",
					   band->first, band->last, g->awardees);
			goto done;
		}
		for (i = 0; i < g->n_bands; i++)
			if (band->first <= g->bands[i].last && g->bands[i].first <= band->last) {
				rc = ds__xml_error(DS_EINVAL, node, "from", "rank band %ld-%ld overlaps band %ld-%ld",
						   band->first, band->last, g->bands[i].first, g->bands[i].last);
				goto done;
			}
		if ((rc = read_amount(&band->amount, node)) < 0 ||
		    (rc = ds__xml_text(&band->clause, node, "clause")) < 0) {
			ds_decimal_free(band->amount);
			ds__free(band->clause);
			goto done;
		}
		g->n_bands++;
	} else {
		if (has_attr(node, "amount") == has_attr(node, "count")) {
			rc = ds__xml_error(DS_EINVAL, node, NULL,
					   "a per-applicant cap needs either 'amount' or 'count'");
			goto done;
		}
		if (has_attr(node, "count")) {
			if (g->cap_applicant_count) {
				rc = ds__xml_error(DS_EINVAL, node, NULL, "a second per-applicant count");
				goto done;
			}
			if ((rc = ds__xml_long(&g->cap_applicant_count, node, "count", 1, LONG_MAX)) == DS_OK)
				rc = ds__xml_text(&g->cap_count_clause, node, "clause");
		} else {
			if (g->cap_applicant) {
				rc = ds__xml_error(DS_EINVAL, node, NULL, "a second per-applicant amount");
				goto done;
			}
			if ((rc = read_amount(&g->cap_applicant, node)) == DS_OK)
				rc = ds__xml_text(&g->cap_applicant_clause, node, "clause");
		}
	}
done:
	ds__free(per);
	return rc;
}

static const char *const rounding_names[] = { "half_up", "half_even", "half_down", "up", "down", "ceiling", "floor" };

const char *ds__policy_rounding_name(ds_rounding mode)
{
	return (unsigned)mode < sizeof rounding_names / sizeof rounding_names[0] ? rounding_names[mode] : "?";
}

/* <award rounding=...>: the schema allows only the seven names; absent is half_up. */
static int read_rounding(ds_rounding *out, xmlNodePtr node)
{
	char *text = NULL;
	size_t i;
	int rc;

	*out = DS_ROUND_HALF_UP;
	if ((rc = ds__xml_text(&text, node, "rounding")) < 0 || !text)
		return rc;
	for (i = 0; i < sizeof rounding_names / sizeof rounding_names[0]; i++)
		if (strcmp(text, rounding_names[i]) == 0)
			*out = (ds_rounding)i;
	ds__free(text);
	return DS_OK;
}

/* xs:boolean: "true"/"1" or "false"/"0"; absent is false. */
static int read_flag(int *out, xmlNodePtr node, const char *attr)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text(&text, node, attr)) < 0)
		return rc;
	*out = text && (strcmp(text, "true") == 0 || strcmp(text, "1") == 0);
	ds__free(text);
	return DS_OK;
}

/* <award payee="applicant|provider">: who is paid; provider only for recognitions. */
static int read_payee(prog_def *g, xmlNodePtr node)
{
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text(&text, node, "payee")) < 0 || !text)
		return rc;
	g->payee_provider = strcmp(text, "provider") == 0;
	ds__free(text);
	if (g->payee_provider && g->unit != UNIT_RECOGNITION)
		return ds__xml_error(
			DS_EINVAL, node, "payee",
			"payee=\"provider\" needs a programme of recognitions (the 服务商 is a recognition's)");
	return DS_OK;
}

static void note_uses(prog_def *g, const ds__expr *e, size_t slots)
{
	size_t s;

	for (s = 0; s < slots; s++)
		if (ds__expr_uses(e, s))
			g->uses[s] = 1;
}

static int read_programme(ds_policy *p, prog_def *g, xmlNodePtr node, resolve_ctx *ctx)
{
	xmlNodePtr child;
	char *unit = NULL, *order = NULL;
	size_t cap_conditions = 0, cap_bands = 0, i;
	int rc;

	g->group = -1;
	if ((rc = ds__xml_name(&g->id, node, "id", 1)) < 0 || (rc = ds__xml_name(&g->title, node, "title", 1)) < 0 ||
	    (rc = ds__xml_text_required(&unit, node, "unit")) < 0 ||
	    (rc = ds__xml_text(&g->clause, node, "clause")) < 0)
		goto done;
	for (i = 0; i < 4; i++)
		if (strcmp(unit, unit_names[i]) == 0)
			g->unit = (unit_kind)i;
	ctx->unit = g->unit;
	for (child = ds__xml_child(node, NULL); child; child = ds__xml_next(child, NULL)) {
		const char *name = (const char *)child->name;
		if (strcmp(name, "window") == 0) {
			rc = read_window(g, child);
		} else if (strcmp(name, "condition") == 0) {
			if ((rc = ds__policy_grow(&g->conditions, &cap_conditions, g->n_conditions + 1,
						  sizeof *g->conditions)) < 0)
				goto done;
			memset(&g->conditions[g->n_conditions], 0, sizeof *g->conditions);
			g->n_conditions++;
			if ((rc = compile_at(&g->conditions[g->n_conditions - 1].test, ctx, child, "test")) < 0)
				goto done;
			if ((rc = ds__xml_text_required(&g->conditions[g->n_conditions - 1].label, child, "label")) < 0)
				goto done;
			rc = ds__xml_text(&g->conditions[g->n_conditions - 1].clause, child, "clause");
		} else if (strcmp(name, "rank") == 0) {
			if ((rc = compile_at(&g->rank_by, ctx, child, "by")) < 0 ||
			    (rc = ds__xml_text(&g->rank_clause, child, "clause")) < 0)
				goto done;
			if ((rc = ds__xml_text(&order, child, "order")) < 0)
				goto done;
			g->ascending = order && strcmp(order, "ascending") == 0;
			if (has_attr(child, "awardees"))
				rc = ds__xml_long(&g->awardees, child, "awardees", 1, LONG_MAX);
		} else if (strcmp(name, "award") == 0) {
			if ((rc = compile_at(&g->formula, ctx, child, "formula")) < 0 ||
			    (rc = ds__xml_text(&g->award_clause, child, "clause")) < 0 ||
			    (rc = read_rounding(&g->rounding, child)) < 0 ||
			    (rc = read_flag(&g->maximum, child, "maximum")) < 0)
				goto done;
			rc = read_payee(g, child);
		} else if (strcmp(name, "cap") == 0) {
			rc = read_cap(g, child, &cap_bands);
		}
		if (rc < 0)
			goto done;
	}
	if (!g->formula) {
		rc = ds__xml_error(DS_EINVAL, node, NULL, "programme '%s' has no <award>", g->id);
		goto done;
	}
	(void)p;
done:
	ds__free(unit);
	ds__free(order);
	return rc;
}

/* After all programmes are read (the tag table is complete): which slots each reads. */
static int finish_programmes(ds_policy *p)
{
	size_t slots = policy_slots(p), i, c, need;

	for (i = 0; i < p->n_programmes; i++) {
		prog_def *g = &p->programmes[i];
		if (!(g->uses = ds__calloc(slots, 1)))
			return ds__enomem();
		for (c = 0; c < g->n_conditions; c++) {
			note_uses(g, g->conditions[c].test, slots);
			need = ds__expr_stack_need(g->conditions[c].test);
			if (need > p->stack_need)
				p->stack_need = need;
		}
		if (g->rank_by) {
			note_uses(g, g->rank_by, slots);
			if ((need = ds__expr_stack_need(g->rank_by)) > p->stack_need)
				p->stack_need = need;
		}
		note_uses(g, g->formula, slots);
		if ((need = ds__expr_stack_need(g->formula)) > p->stack_need)
			p->stack_need = need;
	}
	return DS_OK;
}

static int read_combine(ds_policy *p, xmlNodePtr node)
{
	char *rule = NULL, *list = NULL, *item, *next;
	size_t i, group = p->n_groups;
	int rc, found;

	if ((rc = ds__xml_text_required(&rule, node, "rule")) < 0 ||
	    (rc = ds__xml_text_required(&list, node, "programmes")) < 0)
		goto done;
	for (item = list; *item; item = next) {
		/* The list is NFC-trimmed xs:list text: names separated by single spaces. */
		if ((next = strchr(item, ' ')) != NULL)
			*next++ = '\0';
		else
			next = item + strlen(item);
		if (!*item)
			continue;
		found = 0;
		for (i = 0; i < p->n_programmes; i++) {
			if (strcmp(p->programmes[i].id, item) != 0)
				continue;
			found = 1;
			if (strcmp(rule, "highest") != 0)
				break;
			if (p->programmes[i].group >= 0) {
				rc = ds__xml_error(DS_EINVAL, node, "programmes",
						   "programme '%s' is in two 就高 (highest) groups", item);
				goto done;
			}
			p->programmes[i].group = (int)group;
		}
		if (!found) {
			rc = ds__xml_error(DS_EINVAL, node, "programmes", "unknown programme '%s'", item);
			goto done;
		}
	}
	if (strcmp(rule, "highest") == 0) {
		char **grown = ds__realloc(p->group_clauses, (p->n_groups + 1) * sizeof *grown);
		if (!grown) {
			rc = ds__enomem();
			goto done;
		}
		p->group_clauses = grown;
		p->group_clauses[p->n_groups] = NULL;
		p->n_groups++;
		rc = ds__xml_text(&p->group_clauses[p->n_groups - 1], node, "clause");
	}
done:
	ds__free(rule);
	ds__free(list);
	return rc;
}

static int read_policy(ds_policy *p, xmlNodePtr root)
{
	resolve_ctx ctx = { p, 0, UNIT_APPLICANT };
	xmlNodePtr node;
	size_t n, i;
	int rc;

	if ((rc = ds__xml_name(&p->id, root, "id", 1)) < 0 || (rc = ds__xml_name(&p->title, root, "title", 1)) < 0 ||
	    (rc = ds__xml_text(&p->source, root, "source")) < 0)
		return rc;
	n = ds__xml_count(root, "programme");
	if (!(p->programmes = ds__calloc(n ? n : 1, sizeof *p->programmes)))
		return ds__enomem();
	for (node = ds__xml_child(root, "programme"); node; node = ds__xml_next(node, "programme")) {
		prog_def *g = &p->programmes[p->n_programmes++];
		if ((rc = read_programme(p, g, node, &ctx)) < 0)
			return rc;
		for (i = 0; i + 1 < p->n_programmes; i++)
			if (strcmp(p->programmes[i].id, g->id) == 0)
				return ds__xml_error(DS_EEXISTS, node, "id", "programme '%s' is defined twice", g->id);
	}
	for (node = ds__xml_child(root, "combine"); node; node = ds__xml_next(node, "combine"))
		if ((rc = read_combine(p, node)) < 0)
			return rc;
	return finish_programmes(p);
}

int ds_policy_parse(ds_policy **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	ds_policy *p = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_policy_parse: NULL argument");
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "policy", "policy.xsd")) < 0)
		goto done;
	if (!(p = ds__calloc(1, sizeof *p))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = read_policy(p, xmlDocGetRootElement(doc))) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	ds_policy_free(p);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

int ds_policy_load(ds_policy **out, const char *path)
{
	xmlDocPtr doc = NULL;
	ds_policy *p = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_policy_load: NULL argument");
	if ((rc = ds__xml_load_file(&doc, path, "policy.xsd")) < 0)
		goto done;
	if (!(p = ds__calloc(1, sizeof *p))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = read_policy(p, xmlDocGetRootElement(doc))) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	ds_policy_free(p);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

int ds_policy_bundled(ds_policy **out, const char *id)
{
	char name[128];
	const char *data;
	size_t len;

	if (!out || !id)
		return ds__error(DS_EINVAL, "ds_policy_bundled: NULL argument");
	if (ds__resource_bundled(name, "policies", id, &data, &len) < 0)
		return ds__error(DS_ENOTFOUND, "no bundled policy '%s' (bundled: jinan-2025)", id);
	return ds_policy_parse(out, data, len, name);
}

const char *ds_policy_id(const ds_policy *policy)
{
	return policy ? policy->id : "";
}

/* ---------------------------------------------------------------- describing */

static void put_amount(ds__buf *b, const ds_decimal *x)
{
	char *text = NULL;

	if (ds_decimal_to_string(&text, x, DS_DECIMAL_GROUPED) == DS_OK)
		ds__buf_puts(b, text);
	else
		b->oom = 1;
	ds_free(text);
}

int ds_policy_describe(char **out, const ds_policy *policy)
{
	ds__buf b = DS__BUF_INIT;
	char from[16], to[16];
	size_t i, c, k;

	if (!out || !policy)
		return ds__error(DS_EINVAL, "ds_policy_describe: NULL argument");
	ds__buf_printf(&b, "%s (%s)\n", policy->title, policy->id);
	if (policy->source)
		ds__buf_printf(&b, "Source: %s\n", policy->source);
	for (i = 0; i < policy->n_programmes; i++) {
		const prog_def *g = &policy->programmes[i];
		ds__buf_printf(&b, "\nProgramme %s — %s\n", g->id, g->title);
		ds__buf_printf(&b, "  Awards: each %s\n", ds__policy_unit_name(g->unit));
		if (g->has_window) {
			ds__date_format(from, ds__date_from_days(g->from));
			ds__date_format(to, ds__date_from_days(g->to));
			ds__buf_printf(&b,
				       "  Window: %s to %s inclusive (records outside it are ignored and counted)\n",
				       from, to);
		} else {
			ds__buf_puts(&b, "  Window: none (every dated record counts)\n");
		}
		if (g->n_conditions)
			ds__buf_puts(&b, "  Eligible when all of:\n");
		for (c = 0; c < g->n_conditions; c++)
			ds__buf_printf(&b, "    %zu. %s  [%s]\n", c + 1, g->conditions[c].label,
				       ds__expr_text(g->conditions[c].test));
		if (g->rank_by) {
			ds__buf_printf(&b, "  Ranking: by %s, %s", ds__expr_text(g->rank_by),
				       g->ascending ? "lowest first" : "highest first");
			if (g->awardees)
				ds__buf_printf(&b, "; the top %ld are awarded", g->awardees);
			ds__buf_puts(&b,
				     "\n  Ties: the earlier first-listing date, then the credit code, then the unit\n");
		} else {
			ds__buf_puts(
				&b,
				"  Ranking: none; every eligible unit is awarded (order: date, credit code, unit)\n");
		}
		ds__buf_printf(&b, "  Award: %s%s, rounded to the fen (%s)\n", g->maximum ? "at most " : "",
			       ds__expr_text(g->formula),
			       g->rounding == DS_ROUND_DOWN ? "toward zero: never above its bound" :
							      ds__policy_rounding_name(g->rounding));
		if (g->maximum)
			ds__buf_puts(&b,
				     "  最高: the maximum is paid unless the application carries an amount approved "
				     "below it (<approval>), which is paid instead\n");
		if (g->payee_provider)
			ds__buf_puts(&b, "  Paid to: the recognition's 服务商, who redeems the voucher\n");
		if (g->cap_award) {
			ds__buf_puts(&b, "  Cap per award: ");
			put_amount(&b, g->cap_award);
			ds__buf_puts(&b, "\n");
		}
		if (g->cap_unit) {
			ds__buf_printf(&b, "  Cap per %s, whoever lists it and however often: ",
				       ds__policy_unit_name(g->unit));
			put_amount(&b, g->cap_unit);
			ds__buf_puts(&b, " in total, applied in rank order\n");
		}
		for (k = 0; k < g->n_bands; k++) {
			ds__buf_printf(&b, "  Cap for ranks %ld-%ld: ", g->bands[k].first, g->bands[k].last);
			put_amount(&b, g->bands[k].amount);
			ds__buf_puts(&b, "\n");
		}
		if (g->cap_applicant) {
			ds__buf_puts(&b, "  Cap per applicant (enterprise) in this programme: ");
			put_amount(&b, g->cap_applicant);
			ds__buf_puts(&b, " in total, applied in rank order\n");
		}
		if (g->cap_applicant_count)
			ds__buf_printf(&b, "  At most %ld award(s) per applicant (enterprise), in rank order\n",
				       g->cap_applicant_count);
	}
	ds__buf_puts(&b, "\nAcross programmes:\n");
	for (k = 0; k < policy->n_groups; k++) {
		ds__buf_puts(&b, "  就高 (no double award, highest wins) among:");
		for (i = 0; i < policy->n_programmes; i++)
			if (policy->programmes[i].group == (int)k)
				ds__buf_printf(&b, " %s", policy->programmes[i].id);
		ds__buf_puts(&b,
			     "; an applicant keeps only its highest programme total (ties: the earlier programme)\n");
	}
	ds__buf_puts(&b, "  Other programmes are cumulative.\n");
	return ds__buf_detach(out, &b);
}
