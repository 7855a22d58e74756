/*
 * Reading a settlement document (urn:datasset:settlement:1): the schema
 * checks the shape, then every value goes through the public
 * ds_settlement_* checks, and a refusal is reported at the element's line and
 * field path.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/decimal_xml.h"
#include "internal/xml.h"
#include "settlement_internal.h"

#define SCHEMA "settlement.xsd"

static int u64_attr(uint64_t *out, xmlNodePtr node, const char *name)
{
	char *text = NULL, *end;
	unsigned long long v;
	int rc;

	if ((rc = ds__xml_text_required(&text, node, name)) < 0)
		return rc;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || *end || !*text || text[0] == '-' || v > 1000000000000000ULL)
		rc = ds__xml_error(DS_ERANGE, node, name, "'%s' is not a count from 0 to 10^15", text);
	else
		*out = (uint64_t)v;
	ds__free(text);
	return rc;
}

static int read_mar(ds_settlement *s, xmlNodePtr mar)
{
	ds_settlement_mar m = DS_SETTLEMENT_MAR_INIT;
	ds_decimal **costs = NULL, **subs = NULL, *yield = NULL, *markup = NULL, *taxes = NULL;
	char **names = NULL, *source = NULL;
	size_t nc = ds__xml_count(mar, "cost"), ns = ds__xml_count(mar, "subsidy"), i;
	xmlNodePtr node, yn = ds__xml_child(mar, "bond-yield"), mn = ds__xml_child(mar, "markup"),
			 tn = ds__xml_child(mar, "taxes");
	int rc = DS_OK;

	if (!(costs = ds__calloc(nc ? nc : 1, sizeof *costs)) || !(names = ds__calloc(nc ? nc : 1, sizeof *names)) ||
	    !(subs = ds__calloc(ns ? ns : 1, sizeof *subs))) {
		rc = ds__enomem();
		goto done;
	}
	for (i = 0, node = ds__xml_child(mar, "cost"); node && rc == DS_OK; node = ds__xml_next(node, "cost"), i++)
		if ((rc = ds__xml_amount_attr(&costs[i], node, "amount", DS__AMOUNT_NONNEGATIVE)) == DS_OK)
			rc = ds__xml_text(&names[i], node, "item");
	for (i = 0, node = ds__xml_child(mar, "subsidy"); node && rc == DS_OK;
	     node = ds__xml_next(node, "subsidy"), i++)
		rc = ds__xml_amount_attr(&subs[i], node, "amount", DS__AMOUNT_NONNEGATIVE);
	if (rc == DS_OK && yn && (rc = ds__xml_decimal_attr(&yield, yn, "rate", 1)) == DS_OK)
		rc = ds__xml_text(&source, yn, "source");
	if (rc == DS_OK && mn)
		rc = ds__xml_decimal_attr(&markup, mn, "rate", 1);
	if (rc == DS_OK && tn)
		rc = ds__xml_amount_attr(&taxes, tn, "amount", DS__AMOUNT_NONNEGATIVE);
	if (rc < 0)
		goto done;
	m.costs = costs;
	m.cost_names = (const char *const *)names;
	m.cost_count = nc;
	m.subsidies = subs;
	m.subsidy_count = ns;
	m.bond_yield = yield;
	m.bond_yield_source = source;
	m.markup = markup;
	m.taxes = taxes;
	if ((rc = ds_settlement_set_mar(s, &m)) < 0) {
		const char *field = ds_error_last()->field;
		xmlNodePtr where = mar;
		const char *attr = NULL;
		unsigned long k;
		if (field && sscanf(field, "mar/cost[%lu]", &k) == 1) {
			for (where = ds__xml_child(mar, "cost"); where && --k; where = ds__xml_next(where, "cost"))
				;
			attr = "amount";
		} else if (field && sscanf(field, "mar/subsidy[%lu]", &k) == 1) {
			for (where = ds__xml_child(mar, "subsidy"); where && --k;
			     where = ds__xml_next(where, "subsidy"))
				;
			attr = "amount";
		} else if (field && strcmp(field, "mar/markup") == 0 && mn) {
			where = mn;
			attr = "rate";
		} else if (field && strncmp(field, "mar/bond_yield", 14) == 0 && yn) {
			where = yn;
		} else if (field && strcmp(field, "mar/taxes") == 0 && tn) {
			where = tn;
			attr = "amount";
		}
		rc = ds__xml_relocate(rc, where ? where : mar, attr);
	}
done:
	for (i = 0; i < nc; i++) {
		if (costs)
			ds_decimal_free(costs[i]);
		if (names)
			ds__free(names[i]);
	}
	for (i = 0; subs && i < ns; i++)
		ds_decimal_free(subs[i]);
	ds__free(costs);
	ds__free(names);
	ds__free(subs);
	ds__free(source);
	ds_decimal_free(yield);
	ds_decimal_free(markup);
	ds_decimal_free(taxes);
	return rc;
}

static int read_evaluation(ds_settlement *s, xmlNodePtr ev)
{
	xmlNodePtr node;
	int rc = DS_OK;

	for (node = ds__xml_child(ev, "year"); node && rc == DS_OK; node = ds__xml_next(node, "year")) {
		ds_decimal *actual = NULL, *mar = NULL;
		long year;
		if ((rc = ds__xml_long(&year, node, "year", 1, 9999)) == DS_OK &&
		    (rc = ds__xml_amount_attr(&actual, node, "actual", DS__AMOUNT_NONNEGATIVE)) == DS_OK &&
		    (rc = ds__xml_amount_attr(&mar, node, "mar", DS__AMOUNT_NONNEGATIVE)) == DS_OK &&
		    (rc = ds_settlement_add_year(s, (int)year, actual, mar)) < 0) {
			const char *f = ds_error_last()->field;
			rc = ds__xml_relocate(rc, node,
					      f && (strcmp(f, "actual") == 0 || strcmp(f, "mar") == 0) ? f : "year");
		}
		ds_decimal_free(actual);
		ds_decimal_free(mar);
	}
	if (rc == DS_OK && (node = ds__xml_child(ev, "deduction"))) {
		ds_decimal *next = NULL;
		long years;
		if ((rc = ds__xml_long(&years, node, "years", 1, 1000000)) == DS_OK &&
		    (rc = ds__xml_amount_attr(&next, node, "next-mar", DS__AMOUNT_NONNEGATIVE)) == DS_OK &&
		    (rc = ds_settlement_set_deduction(s, (unsigned int)years, next)) < 0)
			rc = ds__xml_relocate(
				rc, node,
				strcmp(ds_error_last()->field ? ds_error_last()->field : "", "deduction/years") == 0 ?
					"years" :
					"next-mar");
		ds_decimal_free(next);
	}
	return rc;
}

static const char *const kinds[] = { "", "admin_unit", "inst_unit", "authority", "public_enterprise", "company", NULL };
static const char *const types[] = { "", "share", "per_call", "fixed", NULL };
static const char *const purposes[] = { "", "public_governance", "public_welfare", NULL };

static int read_parties(ds_settlement *s, const char *pool_id, xmlNodePtr pool)
{
	xmlNodePtr node;
	int rc = DS_OK;

	for (node = ds__xml_child(pool, "party"); node && rc == DS_OK; node = ds__xml_next(node, "party")) {
		ds_settlement_party p = DS_SETTLEMENT_PARTY_INIT;
		char *id = NULL, *name = NULL, *role = NULL, *kind = NULL;
		ds_decimal *weight = NULL;
		if ((rc = ds__xml_text(&id, node, "id")) == DS_OK &&
		    (rc = ds__xml_text(&name, node, "name")) == DS_OK &&
		    (rc = ds__xml_text(&role, node, "role")) == DS_OK &&
		    (rc = ds__xml_text(&kind, node, "kind")) == DS_OK &&
		    (rc = ds__xml_decimal_attr(&weight, node, "weight", 0)) == DS_OK) {
			p.id = id;
			p.name = name;
			p.role = role;
			p.kind = (ds_settlement_kind)ds__xml_lookup(kind, kinds);
			p.weight = weight;
			if ((rc = ds_settlement_add_party(s, pool_id, &p)) < 0) {
				const char *f = ds_error_last()->field;
				size_t n = f ? strlen(f) : 0;
				rc = ds__xml_relocate(rc, node,
						      n >= 6 && strcmp(f + n - 6, "weight") == 0 ? "weight" :
						      n >= 4 && strcmp(f + n - 4, "kind") == 0	 ? "kind" :
												   NULL);
			}
		}
		ds__free(id);
		ds__free(name);
		ds__free(role);
		ds__free(kind);
		ds_decimal_free(weight);
	}
	return rc;
}

static int read_pool(ds_settlement *s, xmlNodePtr node)
{
	ds_settlement_pool p = DS_SETTLEMENT_POOL_INIT;
	char *id = NULL, *product = NULL, *agreement = NULL, *type = NULL, *kind = NULL;
	ds_decimal *income = NULL, *share = NULL, *amount = NULL;
	xmlNodePtr child;
	int rc;

	if ((rc = ds__xml_text(&id, node, "id")) < 0 || (rc = ds__xml_text(&product, node, "product")) < 0 ||
	    (rc = ds__xml_text(&agreement, node, "agreement")) < 0 || (rc = ds__xml_text(&type, node, "type")) < 0 ||
	    (rc = ds__xml_text(&kind, node, "income-kind")) < 0 ||
	    (rc = ds__xml_amount_attr(&income, node, "income", DS__AMOUNT_NONNEGATIVE)) < 0 ||
	    (rc = ds__xml_decimal_attr(&share, node, "share", 1)) < 0 ||
	    (rc = ds__xml_amount_attr(&amount, node, "amount", DS__AMOUNT_NONNEGATIVE)) < 0)
		goto done;
	p.id = id;
	p.product = product;
	p.agreement = agreement;
	p.type = (ds_settlement_pool_type)ds__xml_lookup(type, types);
	p.income_kind = kind && strcmp(kind, "disposal") == 0 ? DS_SETTLEMENT_DISPOSAL : DS_SETTLEMENT_USE;
	p.income = income;
	p.share = share;
	p.amount = amount;
	if ((rc = ds_settlement_add_pool(s, &p)) < 0) {
		const char *f = ds_error_last()->field, *attr = NULL;
		size_t n = f ? strlen(f) : 0;
		if (n >= 5 && strcmp(f + n - 5, "share") == 0)
			attr = "share";
		else if (n >= 6 && strcmp(f + n - 6, "income") == 0)
			attr = "income";
		else if (n >= 6 && strcmp(f + n - 6, "amount") == 0)
			attr = "amount";
		rc = ds__xml_relocate(rc, node, attr);
		goto done;
	}
	for (child = ds__xml_child(node, "product"); child && rc == DS_OK; child = ds__xml_next(child, "product")) {
		ds_decimal *rate = NULL;
		char *name = NULL;
		uint64_t calls = 0;
		if ((rc = ds__xml_text(&name, child, "name")) == DS_OK &&
		    (rc = ds__xml_decimal_attr(&rate, child, "rate", 0)) == DS_OK &&
		    (rc = u64_attr(&calls, child, "calls")) == DS_OK &&
		    (rc = ds_settlement_add_product(s, id, name, rate, calls)) < 0)
			rc = ds__xml_relocate(rc, child, NULL);
		ds__free(name);
		ds_decimal_free(rate);
	}
	if (rc == DS_OK)
		rc = read_parties(s, id, node);
	for (child = ds__xml_child(node, "free"); child && rc == DS_OK; child = ds__xml_next(child, "free")) {
		char *user = NULL, *purpose = NULL;
		uint64_t calls = 0;
		if ((rc = ds__xml_text(&user, child, "user")) == DS_OK &&
		    (rc = ds__xml_text(&purpose, child, "purpose")) == DS_OK &&
		    (rc = u64_attr(&calls, child, "calls")) == DS_OK &&
		    (rc = ds_settlement_add_free_use(
			     s, id, user, (ds_settlement_purpose)ds__xml_lookup(purpose, purposes), calls)) < 0)
			rc = ds__xml_relocate(rc, child, NULL);
		ds__free(user);
		ds__free(purpose);
	}
done:
	ds__free(id);
	ds__free(product);
	ds__free(agreement);
	ds__free(type);
	ds__free(kind);
	ds_decimal_free(income);
	ds_decimal_free(share);
	ds_decimal_free(amount);
	return rc;
}

static int from_doc(ds_settlement **out, xmlDocPtr doc)
{
	ds_settlement *s = NULL;
	xmlNodePtr root = xmlDocGetRootElement(doc), node;
	char *title = NULL, *period = NULL, *inst = NULL;
	int rc;

	if (!root || strcmp((const char *)root->name, "settlement") != 0)
		return ds__xml_error(DS_EPARSE, root, NULL, "not a settlement document (root <%s>)",
				     root ? (const char *)root->name : "");
	if ((rc = ds_settlement_new(&s)) < 0)
		return rc;
	if ((rc = ds__xml_text(&title, root, "title")) < 0 || (rc = ds__xml_text(&period, root, "period")) < 0 ||
	    (rc = ds__xml_text(&inst, root, "inst-use-income")) < 0)
		goto done;
	if ((rc = ds_settlement_set_title(s, title, period)) < 0) {
		rc = ds__xml_relocate(rc, root, NULL);
		goto done;
	}
	if (inst)
		ds_settlement_set_inst_income(s, strcmp(inst, "remit") == 0 ? DS_SETTLEMENT_INST_REMIT :
									      DS_SETTLEMENT_INST_RETAIN);
	if ((node = ds__xml_child(root, "mar")) && (rc = read_mar(s, node)) < 0)
		goto done;
	if ((node = ds__xml_child(root, "evaluation")) && (rc = read_evaluation(s, node)) < 0)
		goto done;
	for (node = ds__xml_child(root, "pool"); node && rc == DS_OK; node = ds__xml_next(node, "pool"))
		rc = read_pool(s, node);
	if (rc == DS_OK) {
		*out = s;
		s = NULL;
	}
done:
	ds__free(title);
	ds__free(period);
	ds__free(inst);
	ds_settlement_free(s);
	return rc;
}

int ds_settlement_load(ds_settlement **out, const char *path)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "settlement: NULL output or path");
	if ((rc = ds__xml_load_file(&doc, path, SCHEMA)) < 0)
		return rc;
	rc = from_doc(out, doc);
	xmlFreeDoc(doc);
	return rc;
}

int ds_settlement_parse(ds_settlement **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "settlement: NULL output or data");
	if ((rc = ds__xml_load_memory(&doc, data, len, name ? name : "settlement", SCHEMA)) < 0)
		return rc;
	rc = from_doc(out, doc);
	xmlFreeDoc(doc);
	return rc;
}
