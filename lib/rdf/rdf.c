/*
 * The rdf layer over raptor2 (internal/rdf.h): parsing RDF/XML, Turtle and
 * N-Triples into statement callbacks, and writing RDF/XML, Turtle and
 * N-Triples block by block.
 *
 * Safety: every parser has raptor's NO_NET and NO_FILE options set, external
 * XML entities off, and a URI filter that refuses every URI, so nothing a
 * document says can make the library read a file or open a connection.
 * raptor saves and restores libxml2's error handlers around its own use
 * (RAPTOR_WORLD_FLAG_LIBXML_*_ERROR_SAVE, on by default), so the host's stay.
 *
 * Writing in blocks: raptor's abbreviating serialisers (rdfxml-abbrev,
 * turtle) keep every triple until the end of a document. To bound memory, a
 * document is written as a sequence of blocks, each serialised by a fresh
 * serialiser with the same namespace declarations; the first block's text is
 * kept up to the end of its root, every later block's text without its
 * prologue (XML declaration and rdf:RDF start tag, or Turtle @prefix lines),
 * and the document is closed once. Namespaces not declared up front are
 * declared by raptor on the element that uses them, so each block stands alone.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* pthread_mutexattr_settype (recursive mutexes), pread */
#include "config.h"

#include <pthread.h>
#include <raptor2.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include "internal/rdf.h"

#define DEFAULT_BASE "urn:datasset:base"

/* One raptor world for the process, never freed: raptor_free_world() calls libxml2's
 * xmlCleanupParser(), which would pull libxml2's state from under the rest of the library
 * and the host. raptor's world is not thread-safe, so every use holds @lock. */
static raptor_world *world;
static int world_failed;
static pthread_once_t world_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock;	       /* recursive: a parse callback may write (export's kept triples) */
static _Thread_local void *log_target; /* the parse_ctx of the calling thread's parse */

static void on_log(void *user, raptor_log_message *m);

static void world_init(void)
{
	pthread_mutexattr_t attr;

	if (pthread_mutexattr_init(&attr) != 0 || pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE) != 0 ||
	    pthread_mutex_init(&lock, &attr) != 0) {
		world_failed = 1;
		return;
	}
	pthread_mutexattr_destroy(&attr);
	if (ds__init() < 0 || !(world = raptor_new_world())) {
		world_failed = 1;
		return;
	}
	raptor_world_set_log_handler(world, NULL, on_log);
	if (raptor_world_open(world))
		world_failed = 1;
}

/* Lock the world (creating it once); DS_EINTERNAL when raptor cannot start. */
static int world_lock(void)
{
	if (pthread_once(&world_once, world_init) != 0 || world_failed)
		return ds__error(DS_EINTERNAL, "raptor could not start");
	pthread_mutex_lock(&lock);
	return DS_OK;
}

static void world_unlock(void)
{
	pthread_mutex_unlock(&lock);
}

/* A second world, for a second thread parsing part of the same file (ds__rdf_parse_part on
 * lane 1), never freed either. Its blank nodes are "genid:N": no rdf:nodeID can be one (a
 * nodeID is an NCName, which holds no ':'), and the first world's are "genidN". */
static raptor_world *aux_world;
static int aux_failed;
static pthread_once_t aux_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t aux_lock = PTHREAD_MUTEX_INITIALIZER;

static void aux_init(void)
{
	if (ds__init() < 0 || !(aux_world = raptor_new_world())) {
		aux_failed = 1;
		return;
	}
	raptor_world_set_log_handler(aux_world, NULL, on_log);
	if (raptor_world_open(aux_world))
		aux_failed = 1;
	else
		raptor_world_set_generate_bnodeid_parameters(aux_world, (char *)"genid:", 0);
}

/* Lock the world of @lane: the process's (0) or the second one (1). */
static int lane_lock(raptor_world **out, int lane)
{
	int rc;

	if (lane == 0) {
		if ((rc = world_lock()) == DS_OK)
			*out = world;
		return rc;
	}
	if (pthread_once(&world_once, world_init) != 0 || world_failed || pthread_once(&aux_once, aux_init) != 0 ||
	    aux_failed)
		return ds__error(DS_EINTERNAL, "raptor could not start");
	pthread_mutex_lock(&aux_lock);
	*out = aux_world;
	return DS_OK;
}

static void lane_unlock(int lane)
{
	if (lane == 0)
		world_unlock();
	else
		pthread_mutex_unlock(&aux_lock);
}

/* ---------------------------------------------------------------- terms */

static void term_from_raptor(ds__rdf_term *out, const raptor_term *t)
{
	memset(out, 0, sizeof *out);
	switch (t->type) {
	case RAPTOR_TERM_TYPE_URI:
		out->kind = DS__RDF_IRI;
		out->value = (const char *)raptor_uri_as_string(t->value.uri);
		break;
	case RAPTOR_TERM_TYPE_BLANK:
		out->kind = DS__RDF_BLANK;
		out->value = (const char *)t->value.blank.string;
		break;
	case RAPTOR_TERM_TYPE_LITERAL:
		out->kind = DS__RDF_LITERAL;
		out->value = (const char *)t->value.literal.string;
		out->lang = t->value.literal.language && t->value.literal.language_len ?
				    (const char *)t->value.literal.language :
				    NULL;
		out->datatype = t->value.literal.datatype ?
					(const char *)raptor_uri_as_string(t->value.literal.datatype) :
					NULL;
		break;
	default: out->kind = DS__RDF_LITERAL; out->value = "";
	}
}

static const char hex[] = "0123456789ABCDEF";

/* 1 for a byte no IRI may hold: controls, space and <>"{}|^`\ (0 from 0x80 on: UTF-8). A
 * table, not strchr or a switch: it is read for every byte of every IRI parsed and of every
 * term the import compares with what export writes. */
static const unsigned char iri_excluded[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, /* 0x50 */
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, /* 0x70 */
};

/* Append @n bytes at @s and the closing byte @close: one check of the room, no call per byte. */
static void put_closed(ds__buf *b, const unsigned char *s, size_t n, char close)
{
	if (ds__buf_grow(b, n + 1) < 0)
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len++] = close;
	b->data[b->len] = '\0';
}

/* An IRI as N-Triples writes it: the characters IRIREF excludes as \u escapes
 * (a datatype IRI too: an imported document's datatype may hold any of them). */
static void nt_iri(ds__buf *b, const char *iri)
{
	const unsigned char *s, *run;

	ds__buf_putc(b, '<');
	for (s = run = (const unsigned char *)iri;; s++) {
		while (!iri_excluded[*s]) /* the NUL is in the table: one test a byte */
			s++;
		if (!*s)
			break;
		ds__buf_put(b, (const char *)run, (size_t)(s - run));
		ds__buf_printf(b, "\\u00%c%c", hex[*s >> 4], hex[*s & 15]);
		run = s + 1;
	}
	put_closed(b, run, (size_t)(s - run), '>');
}

void ds__rdf_term_nt(ds__buf *b, const ds__rdf_term *t)
{
	const unsigned char *s, *run;

	switch (t->kind) {
	case DS__RDF_IRI: nt_iri(b, t->value); break;
	case DS__RDF_BLANK:
		/* A label as it came (an RDF/XML nodeID may end in '.' or hold characters
		 * N-Triples labels cannot), written injectively: letters and digits as they
		 * are, every other byte as _XX. */
		ds__buf_puts(b, "_:");
		for (s = (const unsigned char *)t->value; *s; s++) {
			if (isalnum(*s) && *s < 0x80)
				ds__buf_putc(b, (char)*s);
			else
				ds__buf_printf(b, "_%c%c", hex[*s >> 4], hex[*s & 15]);
		}
		break;
	case DS__RDF_LITERAL:
		ds__buf_putc(b, '"');
		for (s = run = (const unsigned char *)t->value; *s; s++) {
			if (*s >= 0x20 && *s != '"' && *s != '\\')
				continue;
			ds__buf_put(b, (const char *)run, (size_t)(s - run));
			run = s + 1;
			switch (*s) {
			case '"': ds__buf_puts(b, "\\\""); break;
			case '\\': ds__buf_puts(b, "\\\\"); break;
			case '\n': ds__buf_puts(b, "\\n"); break;
			case '\r': ds__buf_puts(b, "\\r"); break;
			case '\t': ds__buf_puts(b, "\\t"); break;
			default: ds__buf_printf(b, "\\u00%c%c", hex[*s >> 4], hex[*s & 15]);
			}
		}
		put_closed(b, run, (size_t)(s - run), '"');
		if (t->lang) {
			ds__buf_putc(b, '@');
			ds__buf_puts(b, t->lang);
		} else if (t->datatype) {
			ds__buf_puts(b, "^^");
			nt_iri(b, t->datatype);
		}
		break;
	}
}

/* ---------------------------------------------------------------- parsing */

typedef struct parse_ctx {
	const char *name;
	ds__rdf_sink sink;
	void *ctx;
	raptor_parser *parser;
	int rc;	      /* the first error */
	int reported; /* the error is already in ds_error_last() */
	int line;
	int head_lines;	 /* a part's parse (ds__rdf_parse_part): lines after head_lines are the file's */
	long line_delta; /* ... less this */
	char message[512];
} parse_ctx;

/* A line of the parser's input as a line of the file. */
static int file_line(const parse_ctx *p, int line)
{
	return line > p->head_lines ? (int)(line + p->line_delta) : line;
}

static void on_log(void *user, raptor_log_message *m)
{
	parse_ctx *p = log_target;
	int line;

	(void)user;
	if (!p || m->level < RAPTOR_LOG_LEVEL_ERROR)
		return;
	line = m->locator ? file_line(p, raptor_locator_line(m->locator)) : 0;
	if (p->rc < 0) {
		/* raptor's Turtle parser reports an undeclared prefix without a
		 * line, then the same failure with it: keep the first message and
		 * the first line known. */
		if (p->line <= 0 && line > 0 && !p->reported)
			p->line = line;
		return;
	}
	p->rc = DS_EPARSE;
	p->line = line;
	snprintf(p->message, sizeof p->message, "%s", m->text ? m->text : "syntax error");
}

/* RDF 1.1 terms only: raptor's RDF/XML parser passes on IRIs holding characters
 * no IRI may hold (a space, <>"{}|^`\\, controls) and any xml:lang text; such a
 * term could never be written back as N-Triples or Turtle, so it is refused here,
 * whatever the syntax, naming the term. */
static int iri_ok(const char *iri, unsigned char *bad)
{
	const unsigned char *s;

	for (s = (const unsigned char *)iri; !iri_excluded[*s]; s++) /* stops at the NUL too */
		;
	if (!*s)
		return 1;
	*bad = *s;
	return 0;
}

/* BCP 47's shape as Turtle's LANGTAG has it: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
static int lang_ok(const char *lang)
{
	const char *s = lang;
	int first = 1;

	for (;;) {
		const char *start = s;
		while (*s && (isalpha((unsigned char)*s) || (!first && isdigit((unsigned char)*s))))
			s++;
		if (s == start)
			return 0;
		if (*s == '\0')
			return 1;
		if (*s++ != '-')
			return 0;
		first = 0;
	}
}

static int well_formed(parse_ctx *p, const ds__rdf_term *t)
{
	unsigned char bad = 0;

	if (t->kind == DS__RDF_IRI && !iri_ok(t->value, &bad)) {
		snprintf(p->message, sizeof p->message,
			 "<%.200s> is not an IRI (it holds byte 0x%02X, which no IRI may hold)", t->value, bad);
		return 0;
	}
	if (t->kind == DS__RDF_LITERAL && t->datatype && !iri_ok(t->datatype, &bad)) {
		snprintf(p->message, sizeof p->message,
			 "datatype <%.200s> is not an IRI (it holds byte 0x%02X, which no IRI may hold)", t->datatype,
			 bad);
		return 0;
	}
	if (t->kind == DS__RDF_LITERAL && t->lang && !lang_ok(t->lang)) {
		snprintf(p->message, sizeof p->message, "language tag \"%.100s\" is not a BCP 47 tag", t->lang);
		return 0;
	}
	return 1;
}

static void on_statement(void *user, raptor_statement *st)
{
	parse_ctx *p = user;
	ds__rdf_term s, pr, o;
	int rc;

	if (p->rc < 0)
		return;
	term_from_raptor(&s, st->subject);
	term_from_raptor(&pr, st->predicate);
	term_from_raptor(&o, st->object);
	if (!well_formed(p, &s) || !well_formed(p, &pr) || !well_formed(p, &o)) {
		p->rc = DS_EPARSE;
		p->line = raptor_parser_get_locator(p->parser) ?
				  file_line(p, raptor_locator_line(raptor_parser_get_locator(p->parser))) :
				  0;
		raptor_parser_parse_abort(p->parser);
		return;
	}
	if ((rc = p->sink(p->ctx, &s, &pr, &o)) < 0) {
		p->rc = rc;
		p->reported = 1;
		raptor_parser_parse_abort(p->parser);
	}
}

/* Refuse every URI raptor would fetch (entities, imports): documents only describe. */
static int refuse_uri(void *user, raptor_uri *uri)
{
	(void)user;
	(void)uri;
	return 1;
}

int ds__rdf_guess(ds__rdf_syntax *out, const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
	    (unsigned char)data[2] == 0xBF)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len && (data[i] == '{' || data[i] == '['))
		return ds__error(
			DS_EUNSUPPORTED,
			"JSON (JSON-LD) is not read: convert it to Turtle or RDF/XML first (e.g. with a JSON-LD processor)");
	if (i + 1 < len && data[i] == '<' &&
	    (data[i + 1] == '?' || data[i + 1] == '!' || (data[i + 1] >= 'a' && data[i + 1] <= 'z') ||
	     (data[i + 1] >= 'A' && data[i + 1] <= 'Z'))) {
		/* "<http://..." starts N-Triples or Turtle, "<rdf:RDF" or "<?xml" XML */
		size_t j = i + 1;
		while (j < len && j < i + 64 && data[j] != ':' && data[j] != '>' && data[j] != ' ')
			j++;
		if (!(j + 2 < len && data[j] == ':' && data[j + 1] == '/' && data[j + 2] == '/') &&
		    !(j + 4 < len && strncmp(data + i + 1, "urn:", 4) == 0)) {
			*out = DS__RDF_RDFXML;
			return DS_OK;
		}
	}
	*out = DS__RDF_TURTLE;
	return DS_OK;
}

static const char *parser_name(ds__rdf_syntax syntax)
{
	switch (syntax) {
	case DS__RDF_RDFXML: return "rdfxml";
	/* N-Triples is read with the Turtle parser (N-Triples is a subset of Turtle):
	 * raptor 2.0.15's own N-Triples parser leaks the terms of a line it refuses. */
	default: return "turtle";
	}
}

typedef struct parse_run {
	int locked, lane;
	raptor_parser *parser;
	raptor_uri *base;
	parse_ctx p;
} parse_run;

static int run_begin_lane(parse_run *r, int lane, ds__rdf_syntax syntax, const char *base, const char *name,
			  ds__rdf_sink sink, void *ctx)
{
	raptor_world *rw = NULL;
	int rc;

	memset(r, 0, sizeof *r);
	r->p.name = name ? name : "rdf";
	r->p.sink = sink;
	r->p.ctx = ctx;
	r->lane = lane;
	if ((rc = lane_lock(&rw, lane)) < 0)
		return rc;
	r->locked = 1;
	log_target = &r->p;
	if (!(r->parser = raptor_new_parser(rw, parser_name(syntax))) ||
	    !(r->base = raptor_new_uri(rw, (const unsigned char *)(base ? base : DEFAULT_BASE))))
		return ds__error(DS_EINTERNAL, "%s: raptor could not start a %s parser", r->p.name,
				 parser_name(syntax));
	r->p.parser = r->parser;
	raptor_parser_set_option(r->parser, RAPTOR_OPTION_NO_NET, NULL, 1);
	raptor_parser_set_option(r->parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
	raptor_parser_set_option(r->parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL, 0);
	raptor_parser_set_uri_filter(r->parser, refuse_uri, NULL);
	raptor_parser_set_statement_handler(r->parser, &r->p, on_statement);
	if (raptor_parser_parse_start(r->parser, r->base))
		return ds__error(DS_EINTERNAL, "%s: raptor could not start parsing", r->p.name);
	return DS_OK;
}

static int run_begin(parse_run *r, ds__rdf_syntax syntax, const char *base, const char *name, ds__rdf_sink sink,
		     void *ctx)
{
	return run_begin_lane(r, 0, syntax, base, name, sink, ctx);
}

static int run_end(parse_run *r, int rc)
{
	if (rc == DS_OK && r->p.rc < 0) {
		rc = r->p.rc;
		if (!r->p.reported)
			rc = ds__error_at(DS_EPARSE, r->p.line, 0, NULL, "%s:%d: %s", r->p.name, r->p.line,
					  r->p.message);
	}
	if (r->parser)
		raptor_free_parser(r->parser);
	if (r->base)
		raptor_free_uri(r->base);
	if (r->locked) {
		log_target = NULL;
		lane_unlock(r->lane);
	}
	return rc;
}

/* libxml2 (under raptor's RDF/XML parser) stops at a NUL byte as at the end of
 * the input, so whatever follows one would be dropped without a word; no RDF
 * text (RDF/XML, Turtle, N-Triples) ever contains a NUL, so one is refused. */
static int refuse_nul(const char *data, size_t len, size_t offset, const char *name)
{
	const char *nul = memchr(data, '\0', len);

	if (!nul)
		return DS_OK;
	return ds__error(DS_EPARSE, "%s: a NUL byte at byte %zu (RDF text never contains one)", name ? name : "RDF",
			 offset + (size_t)(nul - data));
}

int ds__rdf_parse(ds__rdf_syntax syntax, const char *data, size_t len, const char *base, const char *name,
		  ds__rdf_sink sink, void *ctx)
{
	parse_run r;
	int rc;

	if ((rc = refuse_nul(data, len, 0, name)) < 0)
		return rc;
	if (syntax == DS__RDF_GUESS && (rc = ds__rdf_guess(&syntax, data, len)) < 0)
		return rc;
	/* in chunks, as from a file: libxml2 refuses one chunk of more than 10 MB ("Huge input
	 * lookup") and the same document read from a file must parse the same way */
	if ((rc = run_begin(&r, syntax, base, name, sink, ctx)) == DS_OK) {
		size_t offset = 0, n;
		do {
			n = len - offset < 65536 ? len - offset : 65536;
			raptor_parser_parse_chunk(r.parser, (const unsigned char *)data + offset, n, offset + n == len);
			offset += n;
		} while (offset < len && r.p.rc == DS_OK);
	}
	return run_end(&r, rc);
}

int ds__rdf_parse_stream(ds__rdf_syntax syntax, FILE *f, const char *base, const char *name, ds__rdf_sink sink,
			 void *ctx)
{
	unsigned char chunk[65536];
	parse_run r;
	size_t n;
	int rc, started = 0;

	n = fread(chunk, 1, sizeof chunk, f);
	if (syntax == DS__RDF_GUESS && (rc = ds__rdf_guess(&syntax, (const char *)chunk, n)) < 0)
		return rc;
	if ((rc = run_begin(&r, syntax, base, name, sink, ctx)) == DS_OK) {
		started = 1;
		size_t offset = 0;
		while (r.p.rc == DS_OK) {
			int end = n < sizeof chunk;
			if ((rc = refuse_nul((const char *)chunk, n, offset, name)) < 0)
				break;
			raptor_parser_parse_chunk(r.parser, chunk, n, end);
			if (end)
				break;
			offset += n;
			n = fread(chunk, 1, sizeof chunk, f);
		}
		if (ferror(f) && r.p.rc == DS_OK)
			rc = ds__error(DS_EIO, "%s: read error", r.p.name);
	}
	(void)started;
	return run_end(&r, rc);
}

int ds__rdf_parse_part(const ds__rdf_split *sp, size_t i, int fd, int lane, const char *base, const char *name,
		       ds__rdf_sink sink, void *ctx)
{
	unsigned char chunk[65536];
	const ds__rdf_part *part = &sp->parts[i];
	int last = i + 1 == sp->nparts, rc;
	long long offset = part->start;
	parse_run r;

	if ((rc = run_begin_lane(&r, lane, DS__RDF_RDFXML, base, name, sink, ctx)) == DS_OK) {
		if (i > 0) {
			r.p.head_lines = (int)sp->head_lines;
			r.p.line_delta = (long)part->lines - (long)sp->head_lines;
			raptor_parser_parse_chunk(r.parser, (const unsigned char *)sp->head, sp->head_len, 0);
		}
		while (r.p.rc == DS_OK) {
			size_t want = sizeof chunk;
			ssize_t n;
			int end;
			if (!last && part->end - offset < (long long)want)
				want = (size_t)(part->end - offset);
			n = want ? pread(fd, chunk, want, (off_t)offset) : 0;
			if (n < 0) {
				rc = ds__error(DS_EIO, "%s: read error", r.p.name);
				break;
			}
			end = last ? (size_t)n < want : offset + n == part->end;
			if ((rc = refuse_nul((const char *)chunk, (size_t)n, (size_t)offset, name)) < 0)
				break;
			if (!last && n == 0 && !end) { /* the file shrank under the parse */
				rc = ds__error(DS_EIO, "%s: read error", r.p.name);
				break;
			}
			raptor_parser_parse_chunk(r.parser, chunk, (size_t)n, end && last);
			offset += n;
			if (end) {
				if (!last && r.p.rc == DS_OK)
					raptor_parser_parse_chunk(r.parser, (const unsigned char *)sp->tail,
								  sp->tail_len, 1);
				break;
			}
		}
	}
	return run_end(&r, rc);
}

void ds__rdf_handlers_get(ds__rdf_handlers *out)
{
	/* the world opened first: raptor installs its handlers on the thread that opens it */
	(void)pthread_once(&world_once, world_init);
	out->structured = (void (*)(void))xmlStructuredError;
	out->structured_ctx = xmlStructuredErrorContext;
	out->generic = (void (*)(void))xmlGenericError;
	out->generic_ctx = xmlGenericErrorContext;
}

void ds__rdf_handlers_set(const ds__rdf_handlers *h)
{
	/* the second world opened first, or opening it would install its handlers over these */
	(void)pthread_once(&world_once, world_init);
	(void)pthread_once(&aux_once, aux_init);
	xmlSetGenericErrorFunc(h->generic_ctx, (xmlGenericErrorFunc)h->generic);
	xmlSetStructuredErrorFunc(h->structured_ctx, (xmlStructuredErrorFunc)h->structured);
}

/* ---------------------------------------------------------------- writing */

struct ds__rdf_writer {
	ds__rdf_syntax syntax;
	const char *const *namespaces;
	ds__rdf_output output;
	void *ctx;
	raptor_world *world;
	raptor_serializer *ser; /* the current block's, NULL between blocks */
	raptor_iostream *io;	/* the current block's output; the serialiser does not own it */
	ds__buf text;		/* the current block's text */
	size_t blocks, count, in_block;
	int rc;
};

static int w_byte(void *c, const int byte)
{
	return ds__buf_putc(&((ds__rdf_writer *)c)->text, (char)byte) < 0;
}

static int w_bytes(void *c, const void *ptr, size_t size, size_t nmemb)
{
	return ds__buf_put(&((ds__rdf_writer *)c)->text, ptr, size * nmemb) < 0 ? 0 : (int)nmemb;
}

static const raptor_iostream_handler to_buf = { 2, NULL, NULL, w_byte, w_bytes, NULL, NULL, NULL };

int ds__rdf_writer_new(ds__rdf_writer **out, ds__rdf_syntax syntax, const char *const *namespaces,
		       ds__rdf_output output, void *ctx)
{
	ds__rdf_writer *w = ds__calloc(1, sizeof *w);

	if (!w)
		return ds__enomem();
	w->syntax = syntax == DS__RDF_GUESS ? DS__RDF_RDFXML : syntax;
	w->namespaces = namespaces;
	w->output = output;
	w->ctx = ctx;
	if (w->syntax != DS__RDF_NTRIPLES) {
		int rc = world_lock();
		if (rc < 0) {
			ds__rdf_writer_free(w);
			return rc;
		}
		world_unlock();
		w->world = world;
	}
	*out = w;
	return DS_OK;
}

static int block_start(ds__rdf_writer *w)
{
	raptor_iostream *io;
	size_t i;

	if (!(w->ser = raptor_new_serializer(w->world, w->syntax == DS__RDF_TURTLE ? "turtle" : "rdfxml-abbrev")))
		return w->rc = ds__error(DS_EINTERNAL, "raptor could not start a serialiser");
	raptor_serializer_set_option(w->ser, RAPTOR_OPTION_RELATIVE_URIS, NULL, 0);
	raptor_serializer_set_option(w->ser, RAPTOR_OPTION_WRITE_BASE_URI, NULL, 0);
	for (i = 0; w->namespaces && w->namespaces[i]; i += 2) {
		raptor_uri *u = raptor_new_uri(w->world, (const unsigned char *)w->namespaces[i + 1]);
		if (!u)
			return w->rc = ds__enomem();
		raptor_serializer_set_namespace(w->ser, u, (const unsigned char *)w->namespaces[i]);
		raptor_free_uri(u);
	}
	ds__buf_clear(&w->text);
	if (!(io = raptor_new_iostream_from_handler(w->world, w, &to_buf)))
		return w->rc = ds__error(DS_EINTERNAL, "raptor could not start a serialiser");
	w->io = io;
	if (raptor_serializer_start_to_iostream(w->ser, NULL, io))
		return w->rc = ds__error(DS_EINTERNAL, "raptor could not start a serialiser");
	return DS_OK;
}

static raptor_term *to_raptor(raptor_world *rw, const ds__rdf_term *t)
{
	raptor_uri *dt = NULL;
	raptor_term *r;

	switch (t->kind) {
	case DS__RDF_IRI: return raptor_new_term_from_uri_string(rw, (const unsigned char *)t->value);
	case DS__RDF_BLANK: return raptor_new_term_from_blank(rw, (const unsigned char *)t->value);
	default:
		if (t->datatype && !t->lang && !(dt = raptor_new_uri(rw, (const unsigned char *)t->datatype)))
			return NULL;
		r = raptor_new_term_from_counted_literal(rw, (const unsigned char *)t->value, strlen(t->value), dt,
							 (const unsigned char *)t->lang,
							 (unsigned char)(t->lang ? strlen(t->lang) : 0));
		if (dt)
			raptor_free_uri(dt);
		return r;
	}
}

int ds__rdf_writer_add(ds__rdf_writer *w, const ds__rdf_term *s, const ds__rdf_term *p, const ds__rdf_term *o)
{
	raptor_statement st;

	if (w->rc < 0)
		return w->rc;
	w->count++;
	w->in_block++;
	if (w->syntax == DS__RDF_NTRIPLES) {
		ds__rdf_term_nt(&w->text, s);
		ds__buf_putc(&w->text, ' ');
		ds__rdf_term_nt(&w->text, p);
		ds__buf_putc(&w->text, ' ');
		ds__rdf_term_nt(&w->text, o);
		ds__buf_puts(&w->text, " .\n");
		if (w->text.oom)
			return w->rc = ds__enomem();
		return DS_OK;
	}
	pthread_mutex_lock(&lock);
	if (!w->ser && block_start(w) < 0) {
		pthread_mutex_unlock(&lock);
		return w->rc;
	}
	raptor_statement_init(&st, w->world);
	st.subject = to_raptor(w->world, s);
	st.predicate = to_raptor(w->world, p);
	st.object = to_raptor(w->world, o);
	if (!st.subject || !st.predicate || !st.object)
		w->rc = ds__enomem();
	else if (raptor_serializer_serialize_statement(w->ser, &st))
		w->rc = ds__error(DS_EINTERNAL, "raptor could not serialise a statement");
	raptor_statement_clear(&st);
	pthread_mutex_unlock(&lock);
	return w->rc;
}

/* Skip the prologue of a later block: through the rdf:RDF start tag, or the @prefix lines. */
static size_t prologue_end(const ds__rdf_writer *w, const char *text, size_t len)
{
	const char *p;
	size_t i = 0;

	if (w->syntax == DS__RDF_TURTLE) {
		while (i < len) {
			const char *nl = memchr(text + i, '\n', len - i);
			size_t next = nl ? (size_t)(nl - text) + 1 : len;
			if (strncmp(text + i, "@prefix", 7) != 0 && strncmp(text + i, "@base", 5) != 0 &&
			    text[i] != '\n')
				break;
			i = next;
		}
		return i;
	}
	if (!(p = strstr(text, "<rdf:RDF")) || !(p = strchr(p, '>')))
		return len;
	i = (size_t)(p - text) + 1;
	while (i < len && text[i] == '\n')
		i++;
	return i;
}

/* The text before the closing </rdf:RDF> of an RDF/XML block. */
static size_t epilogue_start(const ds__rdf_writer *w, const char *text, size_t len)
{
	size_t i;

	if (w->syntax != DS__RDF_RDFXML)
		return len;
	for (i = len; i > 0; i--)
		if (text[i - 1] == '<' && strncmp(text + i - 1, "</rdf:RDF>", 10) == 0)
			return i - 1;
	return len;
}

int ds__rdf_writer_block(ds__rdf_writer *w)
{
	size_t from, to;
	int rc;

	if (w->rc < 0)
		return w->rc;
	if (w->syntax == DS__RDF_NTRIPLES) {
		if (w->text.len && (rc = w->output(w->ctx, w->text.data, w->text.len)) < 0)
			return w->rc = rc;
		ds__buf_clear(&w->text);
		w->in_block = 0;
		return DS_OK;
	}
	if (!w->ser && (w->blocks || w->syntax != DS__RDF_RDFXML)) /* an empty first block still opens the document */
		return DS_OK;
	pthread_mutex_lock(&lock);
	if (!w->ser && block_start(w) < 0) {
		pthread_mutex_unlock(&lock);
		return w->rc;
	}
	rc = raptor_serializer_serialize_end(w->ser);
	raptor_free_serializer(w->ser);
	raptor_free_iostream(w->io);
	w->ser = NULL;
	w->io = NULL;
	pthread_mutex_unlock(&lock);
	if (rc)
		return w->rc = ds__error(DS_EINTERNAL, "raptor could not finish a block");
	if (w->text.oom)
		return w->rc = ds__enomem();
	from = w->blocks ? prologue_end(w, w->text.data ? w->text.data : "", w->text.len) : 0;
	to = epilogue_start(w, w->text.data ? w->text.data : "", w->text.len);
	if (to > from && (rc = w->output(w->ctx, w->text.data + from, to - from)) < 0)
		return w->rc = rc;
	ds__buf_clear(&w->text);
	w->blocks++;
	w->in_block = 0;
	return DS_OK;
}

int ds__rdf_writer_finish(ds__rdf_writer *w)
{
	int rc;

	if ((w->in_block || !w->blocks) && ds__rdf_writer_block(w) < 0)
		return w->rc;
	if (w->syntax == DS__RDF_RDFXML && (rc = w->output(w->ctx, "</rdf:RDF>\n", 11)) < 0)
		return w->rc = rc;
	return w->rc;
}

size_t ds__rdf_writer_count(const ds__rdf_writer *w)
{
	return w->count;
}

void ds__rdf_writer_free(ds__rdf_writer *w)
{
	if (!w)
		return;
	if (w->ser || w->io) {
		pthread_mutex_lock(&lock);
		if (w->ser)
			raptor_free_serializer(w->ser);
		if (w->io)
			raptor_free_iostream(w->io);
		pthread_mutex_unlock(&lock);
	}
	ds__buf_dispose(&w->text);
	ds__free(w);
}
