/*
 * Checklists: reading a checklist document, checking its rules, compiling its
 * expressions, and describing it in plain words.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compliance/model.h"
#include "datasset/translog.h"

int ds__compliance_grow(void *array, size_t *cap, size_t need, size_t size)
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

int ds__compliance_word_in(const char *text, const char *list)
{
	size_t n = strlen(text);
	const char *p = list;

	if (!list || n == 0)
		return 0;
	while (*p) {
		const char *end;
		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) == n && memcmp(p, text, n) == 0)
			return 1;
		p = end;
	}
	return 0;
}

int ds__compliance_load(xmlDocPtr *doc, const char *data, size_t len, const char *name, const char *root)
{
	xmlNodePtr node;
	int rc;

	if ((rc = ds__xml_load_memory(doc, data, len, name, "compliance.xsd")) < 0)
		return rc;
	node = xmlDocGetRootElement(*doc);
	if (!node || strcmp((const char *)node->name, root) != 0) {
		rc = ds__xml_error(DS_EPARSE, node, NULL, "%s: the root element is <%s>, expected <%s>", name,
				   node ? (const char *)node->name : "", root);
		xmlFreeDoc(*doc);
		*doc = NULL;
	}
	return rc;
}

/* ---------------------------------------------------------------- freeing */

static void flag_dispose(flag_def *f)
{
	size_t i;

	ds__free(f->name);
	ds__free(f->meaning);
	ds__free(f->basis);
	ds__free(f->def);
	for (i = 0; i < f->n_values; i++) {
		ds__free(f->values[i].id);
		ds__free(f->values[i].label);
		ds__free(f->values[i].also);
	}
	ds__free(f->values);
	for (i = 0; i < f->n_froms; i++) {
		ds__free(f->froms[i].fact);
		ds__free(f->froms[i].equals);
		ds__free(f->froms[i].value);
	}
	ds__free(f->froms);
	ds__expr_free(f->when);
	for (i = 0; i < f->n_cases; i++)
		ds__expr_free(f->cases[i].when);
	ds__free(f->cases);
}

static void item_dispose(item_def *it)
{
	size_t i;

	ds__free(it->id);
	ds__free(it->name);
	ds__free(it->requires);
	ds__free(it->basis);
	ds__free(it->on_unmet);
	ds__expr_free(it->applies);
	ds__expr_free(it->blocking_when);
	ds__expr_free(it->unmet_when);
	for (i = 0; i < it->n_accepts; i++) {
		ds__free(it->accepts[i].kind);
		ds__expr_free(it->accepts[i].when);
	}
	ds__free(it->accepts);
}

void ds_checklist_free(ds_checklist *c)
{
	size_t i;

	if (!c)
		return;
	ds__free(c->id);
	ds__free(c->version);
	ds__free(c->title);
	ds__free(c->digest);
	for (i = 0; i < c->n_sources; i++) {
		ds__free(c->sources[i].key);
		ds__free(c->sources[i].text);
	}
	ds__free(c->sources);
	for (i = 0; i < c->n_flags; i++)
		flag_dispose(&c->flags[i]);
	ds__free(c->flags);
	for (i = 0; i < c->n_restrictions; i++) {
		ds__free(c->restrictions[i].code);
		ds__free(c->restrictions[i].text);
	}
	ds__free(c->restrictions);
	for (i = 0; i < c->n_items; i++)
		item_dispose(&c->items[i]);
	ds__free(c->items);
	for (i = 0; i < c->n_slots; i++)
		ds__free(c->slot_names[i]);
	ds__free(c->slot_names);
	ds__free(c);
}

/* ---------------------------------------------------------------- names and expressions */

static int add_slot(ds_checklist *c, const char *a, const char *b, xmlNodePtr node)
{
	char name[160];
	size_t i;
	int rc;

	snprintf(name, sizeof name, "%s%s%s", a, b ? "." : "", b ? b : "");
	for (i = 0; i < c->n_slots; i++)
		if (strcmp(c->slot_names[i], name) == 0)
			return ds__xml_error(DS_EEXISTS, node, NULL, "the name '%s' is defined twice", name);
	if ((rc = ds__compliance_grow(&c->slot_names, &c->cap_slots, c->n_slots + 1, sizeof *c->slot_names)) < 0)
		return rc;
	if (!(c->slot_names[c->n_slots] = ds__strdup(name)))
		return ds__enomem();
	c->n_slots++;
	return DS_OK;
}

/* What an expression may read: flags below @max_flag and, when @gates, the ITEM.satisfied names. */
typedef struct resolve_ctx {
	const ds_checklist *c;
	size_t max_flag;
	int gates;
} resolve_ctx;

static int slot_flag(const ds_checklist *c, size_t slot)
{
	size_t i;

	for (i = 0; i < c->n_flags; i++) {
		size_t width = c->flags[i].type == FT_BOOL || c->flags[i].type == FT_INTEGER ? 1 : c->flags[i].n_values;
		if (slot >= c->flags[i].slot && slot < c->flags[i].slot + width)
			return (int)i;
	}
	return -1; /* a gate's ITEM.satisfied */
}

static int resolve(void *data, const char *name, size_t len)
{
	resolve_ctx *ctx = data;
	size_t i;

	for (i = 0; i < ctx->c->n_slots; i++) {
		const char *s = ctx->c->slot_names[i];
		if (strlen(s) == len && memcmp(s, name, len) == 0) {
			int f = slot_flag(ctx->c, i);
			if (f < 0 ? !ctx->gates : (size_t)f >= ctx->max_flag)
				return DS_EINVAL;
			return (int)i;
		}
	}
	return DS_EINVAL;
}

static int compile_at(ds__expr **out, ds_checklist *c, xmlNodePtr node, const char *attr, size_t max_flag, int gates,
		      int required)
{
	resolve_ctx ctx = { c, max_flag, gates };
	char *text = NULL;
	int rc;

	if ((rc = ds__xml_text(&text, node, attr)) < 0)
		return rc;
	if (!text) {
		*out = NULL;
		return required ? ds__xml_error(DS_EINVAL, node, attr, "missing attribute '%s'", attr) : DS_OK;
	}
	if ((rc = ds__expr_compile(out, text, resolve, &ctx)) < 0 && rc != DS_ENOMEM) {
		char message[768];
		snprintf(message, sizeof message, "%s", ds_error_last()->message);
		rc = ds__xml_error(
			DS_EINVAL, node, attr,
			"'%s': %s (names: bool and integer flags by name, the others as flag.value%s)", text, message,
			gates ? ", ITEM.satisfied of a gate item" :
				(max_flag < c->n_flags ? "; a flag defined further down cannot be read here" : ""));
	}
	if (rc == DS_OK && ds__expr_stack_need(*out) > c->stack_need)
		c->stack_need = ds__expr_stack_need(*out);
	ds__free(text);
	return rc;
}

/* ---------------------------------------------------------------- reading */

static int find_value(const flag_def *f, const char *text)
{
	size_t i;

	for (i = 0; i < f->n_values; i++)
		if (strcmp(f->values[i].id, text) == 0 ||
		    (f->values[i].label && strcmp(f->values[i].label, text) == 0) ||
		    ds__compliance_word_in(text, f->values[i].also))
			return (int)i;
	return -1;
}

static int read_flag(ds_checklist *c, flag_def *f, xmlNodePtr node)
{
	static const char *const types[] = { "bool", "integer", "enum", "level", "set" };
	char *type = NULL;
	xmlNodePtr v;
	size_t i, n;
	int rc;

	if ((rc = ds__xml_text_required(&f->name, node, "name")) < 0 ||
	    (rc = ds__xml_text(&f->meaning, node, "meaning")) < 0 ||
	    (rc = ds__xml_text(&f->def, node, "default")) < 0 || (rc = ds__xml_text_required(&type, node, "type")) < 0)
		goto done;
	for (i = 0; i < 5; i++)
		if (strcmp(type, types[i]) == 0)
			f->type = (flag_type)i;
	n = ds__xml_count(node, "value");
	if ((f->type == FT_BOOL || f->type == FT_INTEGER) && n > 0) {
		rc = ds__xml_error(DS_EINVAL, node, "type", "flag '%s': a %s flag has no <value> list", f->name, type);
		goto done;
	}
	if (f->type != FT_BOOL && f->type != FT_INTEGER && n == 0) {
		rc = ds__xml_error(DS_EINVAL, node, "type", "flag '%s': a %s flag needs its <value> list", f->name,
				   type);
		goto done;
	}
	if (n && !(f->values = ds__calloc(n, sizeof *f->values))) {
		rc = ds__enomem();
		goto done;
	}
	for (v = ds__xml_child(node, "value"); v; v = ds__xml_next(v, "value")) {
		flag_value *fv = &f->values[f->n_values++]; /* counted first: freed with the flag on failure */
		if ((rc = ds__xml_text_required(&fv->id, v, "id")) < 0 ||
		    (rc = ds__xml_text(&fv->label, v, "label")) < 0 || (rc = ds__xml_text(&fv->also, v, "also")) < 0)
			goto done;
		if (find_value(f, fv->id) != (int)f->n_values - 1 ||
		    (fv->label && find_value(f, fv->label) != (int)f->n_values - 1)) {
			rc = ds__xml_error(DS_EEXISTS, v, "id", "flag '%s': the value '%s' is given twice", f->name,
					   fv->id);
			goto done;
		}
	}
	/* Slots: one per flag, or one per value ("grade.important"). */
	f->slot = c->n_slots;
	if (f->type == FT_BOOL || f->type == FT_INTEGER) {
		if ((rc = add_slot(c, f->name, NULL, node)) < 0)
			goto done;
	} else {
		for (i = 0; i < f->n_values; i++)
			if ((rc = add_slot(c, f->name, f->values[i].id, node)) < 0)
				goto done;
	}
	if (f->def) {
		int ok = 1;
		if (f->type == FT_BOOL)
			ok = strcmp(f->def, "true") == 0 || strcmp(f->def, "false") == 0;
		else if (f->type == FT_INTEGER)
			ok = f->def[0] && strspn(f->def, "0123456789") == strlen(f->def) && strlen(f->def) <= 15;
		else if (f->type != FT_SET)
			ok = find_value(f, f->def) >= 0;
		if (!ok) {
			rc = ds__xml_error(DS_EINVAL, node, "default", "flag '%s': the default '%s' is not a %s value",
					   f->name, f->def, type);
			goto done;
		}
	}
	n = ds__xml_count(node, "from");
	if (n && !(f->froms = ds__calloc(n, sizeof *f->froms))) {
		rc = ds__enomem();
		goto done;
	}
	for (v = ds__xml_child(node, "from"); v; v = ds__xml_next(v, "from")) {
		flag_from *fr = &f->froms[f->n_froms++];
		if ((rc = ds__xml_text_required(&fr->fact, v, "fact")) < 0 ||
		    (rc = ds__xml_text(&fr->equals, v, "equals")) < 0 ||
		    (rc = ds__xml_text(&fr->value, v, "value")) < 0)
			goto done;
		if (fr->value && f->type != FT_BOOL && f->type != FT_INTEGER && find_value(f, fr->value) < 0) {
			rc = ds__xml_error(DS_EINVAL, v, "value", "flag '%s': '%s' is not one of its values", f->name,
					   fr->value);
			goto done;
		}
	}
done:
	ds__free(type);
	return rc;
}

static int read_derive(ds_checklist *c, size_t index, xmlNodePtr node)
{
	flag_def *f = &c->flags[index];
	xmlNodePtr k;
	size_t n, i;
	int rc;

	f->derived = 1;
	if ((rc = ds__xml_text_required(&f->name, node, "name")) < 0 ||
	    (rc = ds__xml_text(&f->meaning, node, "meaning")) < 0 || (rc = ds__xml_text(&f->basis, node, "basis")) < 0)
		return rc;
	n = ds__xml_count(node, "case");
	if ((n == 0) == (xmlHasProp(node, BAD_CAST "when") == NULL))
		return ds__xml_error(DS_EINVAL, node, NULL,
				     "derived flag '%s': give either when=\"...\" or <case> elements", f->name);
	if (n == 0) {
		f->type = FT_BOOL;
		if ((rc = compile_at(&f->when, c, node, "when", index, 1, 1)) < 0)
			return rc;
		f->slot = c->n_slots;
		return add_slot(c, f->name, NULL, node);
	}
	f->type = FT_ENUM;
	if (!(f->cases = ds__calloc(n, sizeof *f->cases)) || !(f->values = ds__calloc(n, sizeof *f->values)))
		return ds__enomem();
	for (k = ds__xml_child(node, "case"); k; k = ds__xml_next(k, "case")) {
		flag_case *fc = &f->cases[f->n_cases];
		char *value = NULL;
		int found;
		if ((rc = ds__xml_text_required(&value, k, "value")) < 0)
			return rc;
		found = find_value(f, value);
		if (found < 0) {
			f->values[f->n_values].id = value;
			found = (int)f->n_values++;
		} else {
			ds__free(value);
		}
		fc->value = (size_t)found;
		f->n_cases++;
		if ((rc = compile_at(&fc->when, c, k, "when", index, 1, 1)) < 0)
			return rc;
	}
	f->slot = c->n_slots;
	for (i = 0; i < f->n_values; i++)
		if ((rc = add_slot(c, f->name, f->values[i].id, node)) < 0)
			return rc;
	return DS_OK;
}

static int read_item_head(ds_checklist *c, item_def *it, xmlNodePtr node)
{
	char *severity = NULL;
	int rc;

	it->gate_slot = SIZE_MAX;
	it->restriction = SIZE_MAX;
	if ((rc = ds__xml_text_required(&it->id, node, "id")) < 0 ||
	    (rc = ds__xml_text_required(&it->name, node, "name")) < 0 ||
	    (rc = ds__xml_text_required(&severity, node, "severity")) < 0)
		goto done;
	it->severity = strcmp(severity, "blocking") == 0 ? DS_COMPLIANCE_BLOCKING :
		       strcmp(severity, "warning") == 0	 ? DS_COMPLIANCE_WARNING :
							   DS_COMPLIANCE_GATE;
	for (size_t i = 0; i < c->n_items; i++)
		if (strcmp(c->items[i].id, it->id) == 0) {
			rc = ds__xml_error(DS_EEXISTS, node, "id", "item '%s' is defined twice", it->id);
			goto done;
		}
	if (it->severity == DS_COMPLIANCE_GATE) {
		it->gate_slot = c->n_slots;
		rc = add_slot(c, it->id, "satisfied", node);
	}
done:
	ds__free(severity);
	return rc;
}

static int read_item_body(ds_checklist *c, item_def *it, xmlNodePtr node)
{
	/* A gate item reads only input flags: it is decided before the derived flags. */
	size_t max_flag = c->n_flags, inputs = 0;
	char *absent = NULL;
	xmlNodePtr a;
	size_t n;
	int rc;

	while (inputs < c->n_flags && !c->flags[inputs].derived)
		inputs++;
	if (it->severity == DS_COMPLIANCE_GATE)
		max_flag = inputs;
	if ((rc = ds__xml_text(&it->on_unmet, node, "on-unmet")) < 0 ||
	    (rc = ds__xml_text(&absent, node, "absent")) < 0 ||
	    (xmlHasProp(node, BAD_CAST "valid-months") &&
	     (rc = ds__xml_long(&it->valid_months, node, "valid-months", 1, 1200)) < 0))
		goto done;
	it->absent_not_satisfied = absent && strcmp(absent, "not_satisfied") == 0;
	if (it->severity == DS_COMPLIANCE_BLOCKING && !it->on_unmet) {
		rc = ds__xml_error(DS_EINVAL, node, "on-unmet", "item '%s': a blocking item needs on-unmet", it->id);
		goto done;
	}
	if (it->severity == DS_COMPLIANCE_GATE && (it->on_unmet || xmlHasProp(node, BAD_CAST "blocking-when"))) {
		rc = ds__xml_error(DS_EINVAL, node, "on-unmet", "item '%s': a gate item never counts in the outcome",
				   it->id);
		goto done;
	}
	if (it->on_unmet && strncmp(it->on_unmet, "restrict:", 9) == 0) {
		for (size_t i = 0; i < c->n_restrictions; i++)
			if (strcmp(c->restrictions[i].code, it->on_unmet + 9) == 0)
				it->restriction = i;
		if (it->restriction == SIZE_MAX) {
			rc = ds__xml_error(DS_EINVAL, node, "on-unmet",
					   "item '%s': no <restriction code=\"%s\"> is declared", it->id,
					   it->on_unmet + 9);
			goto done;
		}
	}
	if ((rc = compile_at(&it->applies, c, node, "applies", max_flag, 0, 1)) < 0 ||
	    (rc = compile_at(&it->blocking_when, c, node, "blocking-when", max_flag, 0, 0)) < 0 ||
	    (rc = compile_at(&it->unmet_when, c, node, "unmet-when", max_flag, 0, 0)) < 0)
		goto done;
	if ((a = ds__xml_child(node, "requires")) && (rc = ds__xml_text(&it->requires, a, NULL)) < 0)
		goto done;
	if ((rc = ds__xml_text_required(&it->basis, ds__xml_child(node, "basis"), NULL)) < 0)
		goto done;
	n = ds__xml_count(node, "accept");
	if (n && !(it->accepts = ds__calloc(n, sizeof *it->accepts))) {
		rc = ds__enomem();
		goto done;
	}
	for (a = ds__xml_child(node, "accept"); a; a = ds__xml_next(a, "accept")) {
		accept_def *ac = &it->accepts[it->n_accepts++];
		if ((rc = ds__xml_text_required(&ac->kind, a, "kind")) < 0 ||
		    (rc = compile_at(&ac->when, c, a, "when", max_flag, 0, 0)) < 0)
			goto done;
	}
done:
	ds__free(absent);
	return rc;
}

static int unique_flag(const ds_checklist *c, size_t index, xmlNodePtr node)
{
	for (size_t i = 0; i < index; i++)
		if (strcmp(c->flags[i].name, c->flags[index].name) == 0)
			return ds__xml_error(DS_EEXISTS, node, "name", "flag '%s' is defined twice",
					     c->flags[index].name);
	return DS_OK;
}

static int read_checklist(ds_checklist *c, xmlNodePtr root)
{
	xmlNodePtr node;
	size_t n_flags, n_items, n, i;
	int rc;

	if ((rc = ds__xml_text_required(&c->id, root, "id")) < 0 ||
	    (rc = ds__xml_text_required(&c->version, root, "version")) < 0 ||
	    (rc = ds__xml_text(&c->title, root, "title")) < 0)
		return rc;
	n = ds__xml_count(root, "source");
	if (n && !(c->sources = ds__calloc(n, sizeof *c->sources)))
		return ds__enomem();
	for (node = ds__xml_child(root, "source"); node; node = ds__xml_next(node, "source")) {
		source_def *s = &c->sources[c->n_sources++];
		if ((rc = ds__xml_text_required(&s->key, node, "key")) < 0 ||
		    (rc = ds__xml_text(&s->text, node, NULL)) < 0)
			return rc;
	}
	n_flags = ds__xml_count(root, "flag") + ds__xml_count(root, "derive");
	n_items = ds__xml_count(root, "item");
	n = ds__xml_count(root, "restriction");
	if (!(c->flags = ds__calloc(n_flags, sizeof *c->flags)) ||
	    !(c->items = ds__calloc(n_items, sizeof *c->items)) ||
	    (n && !(c->restrictions = ds__calloc(n, sizeof *c->restrictions))))
		return ds__enomem();
	for (node = ds__xml_child(root, "flag"); node; node = ds__xml_next(node, "flag")) {
		flag_def *f = &c->flags[c->n_flags];
		c->n_flags++;
		if ((rc = read_flag(c, f, node)) < 0 || (rc = unique_flag(c, c->n_flags - 1, node)) < 0)
			return rc;
	}
	for (node = ds__xml_child(root, "restriction"); node; node = ds__xml_next(node, "restriction")) {
		restriction_def *r = &c->restrictions[c->n_restrictions++]; /* counted first, as above */
		if ((rc = ds__xml_text_required(&r->code, node, "code")) < 0 ||
		    (rc = ds__xml_text_required(&r->text, node, "text")) < 0)
			return rc;
		for (i = 0; i + 1 < c->n_restrictions; i++)
			if (strcmp(c->restrictions[i].code, r->code) == 0)
				return ds__xml_error(DS_EEXISTS, node, "code", "restriction '%s' is declared twice",
						     r->code);
	}
	/* Item heads first: derived flags may read a gate item's ITEM.satisfied. */
	for (node = ds__xml_child(root, "item"); node; node = ds__xml_next(node, "item")) {
		item_def *it = &c->items[c->n_items];
		rc = read_item_head(c, it, node);
		c->n_items++;
		if (rc < 0)
			return rc;
	}
	for (node = ds__xml_child(root, "derive"); node; node = ds__xml_next(node, "derive")) {
		c->n_flags++;
		if ((rc = read_derive(c, c->n_flags - 1, node)) < 0 || (rc = unique_flag(c, c->n_flags - 1, node)) < 0)
			return rc;
	}
	i = 0;
	for (node = ds__xml_child(root, "item"); node; node = ds__xml_next(node, "item"))
		if ((rc = read_item_body(c, &c->items[i++], node)) < 0)
			return rc;
	return DS_OK;
}

int ds_checklist_parse(ds_checklist **out, const char *data, size_t len, const char *name)
{
	xmlDocPtr doc = NULL;
	ds_checklist *c = NULL;
	ds_hash hash;
	char *hex = NULL;
	int rc;

	if (!out || !data)
		return ds__error(DS_EINVAL, "ds_checklist_parse: NULL argument");
	if ((rc = ds__compliance_load(&doc, data, len, name ? name : "checklist", "checklist")) < 0)
		goto done;
	if (!(c = ds__calloc(1, sizeof *c))) {
		rc = ds__enomem();
		goto done;
	}
	if ((rc = read_checklist(c, xmlDocGetRootElement(doc))) < 0)
		goto done;
	if ((rc = ds_hash_data(&hash, DS_HASH_SHA256, data, len)) < 0 || (rc = ds_hash_to_hex(&hex, &hash)) < 0)
		goto done;
	if (!(c->digest = ds__malloc(strlen(hex) + 8))) {
		rc = ds__enomem();
		goto done;
	}
	snprintf(c->digest, strlen(hex) + 8, "sha256:%s", hex);
	*out = c;
	c = NULL;
done:
	ds_free(hex);
	ds_checklist_free(c);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

int ds_checklist_load(ds_checklist **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!out || !path)
		return ds__error(DS_EINVAL, "ds_checklist_load: NULL argument");
	if ((rc = ds__xml_read_file(&data, &len, path, "compliance.xsd")) < 0)
		return rc;
	rc = ds_checklist_parse(out, data, len, path);
	ds__free(data);
	return rc;
}

int ds_checklist_bundled(ds_checklist **out, const char *id)
{
	char name[128];
	const char *data;
	size_t len;

	if (!out || !id)
		return ds__error(DS_EINVAL, "ds_checklist_bundled: NULL argument");
	if (ds__resource_bundled(name, "compliance", id, &data, &len) < 0)
		return ds__error(DS_ENOTFOUND, "no bundled checklist '%s' (bundled: cn-2025)", id);
	return ds_checklist_parse(out, data, len, name);
}

const char *ds_checklist_id(const ds_checklist *c)
{
	return c ? c->id : "";
}

const char *ds_checklist_version(const ds_checklist *c)
{
	return c ? c->version : "";
}

const char *ds_checklist_digest(const ds_checklist *c)
{
	return c ? c->digest : "";
}

/* ---------------------------------------------------------------- describing */

static const char *const type_names[] = { "bool", "integer", "enum", "level", "set" };
static const char *const severity_names[] = { "blocking", "warning", "gate" };

int ds_checklist_describe(char **out, const ds_checklist *c)
{
	ds__buf b = DS__BUF_INIT;
	size_t i, j;

	if (!out || !c)
		return ds__error(DS_EINVAL, "ds_checklist_describe: NULL argument");
	ds__buf_printf(&b, "Checklist %s, version %s%s%s\n%s\n", c->id, c->version, c->title ? ": " : "",
		       c->title ? c->title : "", c->digest);
	if (c->n_sources)
		ds__buf_puts(&b, "\nSources:\n");
	for (i = 0; i < c->n_sources; i++)
		ds__buf_printf(&b, "  [%s] %s\n", c->sources[i].key, c->sources[i].text ? c->sources[i].text : "");
	ds__buf_puts(&b, "\nInput flags:\n");
	for (i = 0; i < c->n_flags; i++) {
		const flag_def *f = &c->flags[i];
		if (f->derived)
			continue;
		ds__buf_printf(&b, "  %s (%s)", f->name, type_names[f->type]);
		if (f->n_values) {
			ds__buf_puts(&b, ":");
			for (j = 0; j < f->n_values; j++)
				ds__buf_printf(&b, " %s%s%s%s", f->values[j].id, f->values[j].label ? " (" : "",
					       f->values[j].label ? f->values[j].label : "",
					       f->values[j].label ? ")" : "");
		}
		if (f->def)
			ds__buf_printf(&b, "; default %s", f->def);
		if (f->meaning)
			ds__buf_printf(&b, " — %s", f->meaning);
		ds__buf_puts(&b, "\n");
		for (j = 0; j < f->n_froms; j++)
			ds__buf_printf(&b, "      from fact %s%s%s%s%s\n", f->froms[j].fact,
				       f->froms[j].equals ? " = " : "", f->froms[j].equals ? f->froms[j].equals : "",
				       f->froms[j].value ? " gives " : "", f->froms[j].value ? f->froms[j].value : "");
	}
	ds__buf_puts(&b, "\nDerived flags:\n");
	for (i = 0; i < c->n_flags; i++) {
		const flag_def *f = &c->flags[i];
		if (!f->derived)
			continue;
		if (f->when)
			ds__buf_printf(&b, "  %s = %s\n", f->name, ds__expr_text(f->when));
		else {
			ds__buf_printf(&b, "  %s =\n", f->name);
			for (j = 0; j < f->n_cases; j++)
				ds__buf_printf(&b, "      %s when %s\n", f->values[f->cases[j].value].id,
					       ds__expr_text(f->cases[j].when));
		}
		if (f->basis)
			ds__buf_printf(&b, "      basis: %s\n", f->basis);
	}
	if (c->n_restrictions)
		ds__buf_puts(&b, "\nRestrictions:\n");
	for (i = 0; i < c->n_restrictions; i++)
		ds__buf_printf(&b, "  %s: %s\n", c->restrictions[i].code, c->restrictions[i].text);
	ds__buf_puts(&b, "\nItems:\n");
	for (i = 0; i < c->n_items; i++) {
		const item_def *it = &c->items[i];
		ds__buf_printf(&b, "  %s %s — %s", it->id, it->name, severity_names[it->severity]);
		if (it->blocking_when)
			ds__buf_printf(&b, " (blocking when %s)", ds__expr_text(it->blocking_when));
		if (it->on_unmet)
			ds__buf_printf(&b, " / %s", it->on_unmet);
		ds__buf_printf(&b, "\n      applies when: %s\n", ds__expr_text(it->applies));
		if (it->unmet_when)
			ds__buf_printf(&b, "      NOT_SATISFIED when: %s\n", ds__expr_text(it->unmet_when));
		if (it->requires)
			ds__buf_printf(&b, "      requires: %s\n", it->requires);
		ds__buf_puts(&b, "      evidence:");
		for (j = 0; j < it->n_accepts; j++)
			ds__buf_printf(&b, "%s %s%s%s%s", j ? "," : "", it->accepts[j].kind,
				       it->accepts[j].when ? " (when " : "",
				       it->accepts[j].when ? ds__expr_text(it->accepts[j].when) : "",
				       it->accepts[j].when ? ")" : "");
		if (it->n_accepts == 0)
			ds__buf_puts(&b, " none");
		ds__buf_puts(&b, "\n");
		if (it->valid_months)
			ds__buf_printf(&b, "      evidence valid for %ld months\n", it->valid_months);
		if (it->absent_not_satisfied)
			ds__buf_puts(&b, "      without evidence: NOT_SATISFIED\n");
		ds__buf_printf(&b, "      basis: %s\n", it->basis);
	}
	return ds__buf_detach(out, &b);
}
