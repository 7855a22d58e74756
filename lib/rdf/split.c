/*
 * Splitting a large RDF/XML file into parts that parse on their own
 * (internal/rdf.h, ds__rdf_split_file), so that several raptor parsers can
 * read one document at once.
 *
 * A part is a run of whole top-level node elements of rdf:RDF. Parsed as
 * the document's prolog and root start tag (namespaces, xml:base, xml:lang),
 * the part's bytes, and the root's end tag, it gives the statements the one
 * parser gives for those bytes, in the same order: RDF/XML's node elements
 * say nothing about each other, save for rdf:ID and rdf:bagID (each value
 * once per document and base), which is why a document using either is not
 * split. The scan reads the bytes once, as libxml2 would tokenise them
 * (comments, CDATA sections, processing instructions, quoted attribute
 * values), and gives up, so the one parser reads the file, on anything it
 * does not expect: a DOCTYPE (its internal subset may define entities), an
 * encoding other than UTF-8, a root that is not rdf:RDF, a NUL byte, a line
 * ending in CR alone (libxml2 counts it as a line, the scan's line numbers only
 * LF), a document that does not close its root, or a malformed tag.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L /* pread */
#include "config.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal/rdf.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

enum { WINDOW = 1u << 20, HEAD_MAX = 256u << 10, NAME_MAX_LEN = 256 };

typedef struct scan {
	int fd;
	long long size, base; /* the window holds bytes [base, base + len) */
	size_t len;
	unsigned char *buf;
	long long counted; /* newlines are counted up to here */
	size_t lines;	   /* the newlines in [0, counted) */
	int bad;	   /* a read error or a NUL byte */
} scan;

/* Count the newlines up to @pos (in the window, at or after counted). */
static void count_to(scan *s, long long pos)
{
	const unsigned char *p = s->buf + (s->counted - s->base), *end = s->buf + (pos - s->base);

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		s->lines++;
		p++;
	}
	s->counted = pos;
}

/* Load the window at @pos (forward only; from the window's end when @pos lies a little past it);
 * 0 at the end of the file or on a failure. */
static int refill(scan *s, long long pos)
{
	const unsigned char *cr;
	ssize_t n;

	if (pos >= s->size || s->bad)
		return 0;
	if (s->len && pos > s->base + (long long)s->len)
		pos = s->base + (long long)s->len; /* a look ahead past the window: from its end on */
	if (s->counted < pos)
		count_to(s, pos < s->base + (long long)s->len ? pos : s->base + (long long)s->len);
	n = pread(s->fd, s->buf, WINDOW, (off_t)pos);
	if (n <= 0) {
		s->bad = 1;
		return 0;
	}
	s->base = pos;
	s->len = (size_t)n;
	if (s->counted < pos) { /* a jump past the window: not expected */
		s->bad = 1;
		return 0;
	}
	if (memchr(s->buf, '\0', s->len))
		s->bad = 1; /* the one parser names it */
	else
		for (cr = s->buf; (cr = memchr(cr, '\r', s->len - (size_t)(cr - s->buf))) != NULL; cr++)
			if (cr + 1 == s->buf + s->len ? pos + n < s->size : cr[1] != '\n') {
				/* a line ending in CR alone (or one the window cuts): libxml2 counts it as a line,
				 * the scan counts LF only */
				s->bad = 1;
				break;
			}
	return !s->bad;
}

/* The byte at @pos, or -1 past the end (or after a failure). */
static int at(scan *s, long long pos)
{
	if (pos >= s->base && pos < s->base + (long long)s->len)
		return s->buf[pos - s->base];
	if (!refill(s, pos) || pos < s->base || pos >= s->base + (long long)s->len)
		return -1;
	return s->buf[pos - s->base];
}

/* The position of the next byte @c at or after @pos, or -1. */
static long long find(scan *s, long long pos, int c)
{
	for (;;) {
		const unsigned char *p;
		if (at(s, pos) < 0)
			return -1;
		p = memchr(s->buf + (pos - s->base), c, s->len - (size_t)(pos - s->base));
		if (p)
			return s->base + (p - s->buf);
		pos = s->base + (long long)s->len;
	}
}

/* The position after the next @text (2 or 3 bytes, its first byte not repeated in it) at or after @pos. */
static long long find_text(scan *s, long long pos, const char *text)
{
	size_t n = strlen(text), i;

	for (;;) {
		if ((pos = find(s, pos, text[0])) < 0)
			return -1;
		for (i = 1; i < n && at(s, pos + (long long)i) == text[i]; i++)
			;
		if (i == n)
			return pos + (long long)n;
		pos++;
	}
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int starts(scan *s, long long pos, const char *text)
{
	for (; *text; text++, pos++)
		if (at(s, pos) != (unsigned char)*text)
			return 0;
	return 1;
}

/* The root's name and whether it is rdf:RDF's namespace's (declared on the root itself). */
typedef struct root_info {
	char name[NAME_MAX_LEN];
	int rdf_ns;
} root_info;

static int name_byte(int c)
{
	return c >= 0 && !is_space(c) && c != '>' && c != '/' && c != '<' && c != '=' && c != '"' && c != '\'';
}

/* A name from @pos into @name (NAME_MAX_LEN bytes): its end, or -1 when too long or empty. */
static long long read_name(scan *s, long long pos, char *name)
{
	size_t n = 0;
	int c;

	while (name_byte(c = at(s, pos))) {
		if (n + 1 >= NAME_MAX_LEN)
			return -1;
		name[n++] = (char)c;
		pos++;
	}
	name[n] = '\0';
	return n ? pos : -1;
}

/* A start tag from @pos (its name's first byte): the position after its '>', *empty when it
 * ends with "/>"; -1 on a malformed tag or an attribute ID or bagID (rdf:ID and rdf:bagID tie
 * node elements together; the scan does not resolve prefixes, so any such attribute counts).
 * @root, when not NULL, receives the element's name and whether it is rdf:RDF's namespace's. */
static long long tag_end(scan *s, long long pos, int *empty, root_info *root)
{
	char name[NAME_MAX_LEN], attr[NAME_MAX_LEN];
	int c;

	if ((pos = read_name(s, pos, name)) < 0)
		return -1;
	if (root) {
		memcpy(root->name, name, sizeof name);
		root->rdf_ns = 0;
	}
	for (;;) {
		const char *local;
		long long q;
		while (is_space(c = at(s, pos)))
			pos++;
		if (c == '>') {
			*empty = 0;
			return pos + 1;
		}
		if (c == '/') {
			if (at(s, pos + 1) != '>')
				return -1;
			*empty = 1;
			return pos + 2;
		}
		if ((pos = read_name(s, pos, attr)) < 0)
			return -1;
		while (is_space(c = at(s, pos)))
			pos++;
		if (c != '=')
			return -1;
		while (is_space(c = at(s, ++pos)))
			;
		if (c != '"' && c != '\'')
			return -1;
		if ((q = find(s, pos + 1, c)) < 0)
			return -1;
		local = strrchr(attr, ':') ? strrchr(attr, ':') + 1 : attr;
		if (strcmp(local, "ID") == 0 || strcmp(local, "bagID") == 0)
			return -1;
		if (root && q - pos - 1 == (long long)(sizeof RDF_NS - 1) && (strncmp(attr, "xmlns", 5) == 0)) {
			char value[sizeof RDF_NS];
			const char *colon = strchr(name, ':');
			long long v;
			for (v = 0; v < q - pos - 1; v++)
				value[v] = (char)at(s, pos + 1 + v);
			value[v] = '\0';
			if (strcmp(value, RDF_NS) == 0 &&
			    (colon ? attr[5] == ':' && strlen(attr + 6) == (size_t)(colon - name) &&
					     strncmp(attr + 6, name, (size_t)(colon - name)) == 0 :
				     attr[5] == '\0'))
				root->rdf_ns = 1;
		}
		pos = q + 1;
	}
}

/* tag_end() for a tag of the root's content, read in the window when it lies there (the scan
 * runs through every tag of the file on the calling thread before the parts start): -2 when
 * the tag runs past the window, for tag_end() to read. */
static long long tag_end_fast(scan *s, long long pos, int *empty)
{
	const unsigned char *p, *end, *n0, *local;

	if (s->base + (long long)s->len - pos < 65536 && s->base + (long long)s->len < s->size && !refill(s, pos))
		return -1;
	if (pos < s->base || pos >= s->base + (long long)s->len)
		return -2;
	p = s->buf + (pos - s->base);
	end = s->buf + s->len;
	for (n0 = p; p < end && name_byte(*p); p++)
		;
	if (p == n0 || p - n0 >= NAME_MAX_LEN)
		return p == end ? -2 : -1;
	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p == end)
			return -2;
		if (*p == '>') {
			*empty = 0;
			return s->base + (p + 1 - s->buf);
		}
		if (*p == '/') {
			if (p + 1 == end)
				return -2;
			if (p[1] != '>')
				return -1;
			*empty = 1;
			return s->base + (p + 2 - s->buf);
		}
		for (n0 = local = p; p < end && name_byte(*p); p++)
			if (*p == ':')
				local = p + 1;
		if (p == end)
			return -2;
		if (p == n0 || p - n0 >= NAME_MAX_LEN)
			return -1;
		if ((p - local == 2 && memcmp(local, "ID", 2) == 0) ||
		    (p - local == 5 && memcmp(local, "bagID", 5) == 0))
			return -1;
		while (p < end && is_space(*p))
			p++;
		if (p == end)
			return -2;
		if (*p != '=')
			return -1;
		for (p++; p < end && is_space(*p); p++)
			;
		if (p == end)
			return -2;
		if (*p != '"' && *p != '\'')
			return -1;
		if (!(p = memchr(p + 1, *p, (size_t)(end - p - 1))))
			return -2;
		p++;
	}
}

void ds__rdf_split_dispose(ds__rdf_split *sp)
{
	ds__free(sp->head);
	ds__free(sp->tail);
	ds__free(sp->parts);
	memset(sp, 0, sizeof *sp);
}

static int add_part(ds__rdf_split *sp, size_t *cap, long long start, size_t lines)
{
	if (sp->nparts == *cap) {
		size_t n = *cap ? *cap * 2 : 16;
		ds__rdf_part *grown = ds__realloc(sp->parts, n * sizeof *grown);
		if (!grown)
			return -1;
		sp->parts = grown;
		*cap = n;
	}
	sp->parts[sp->nparts].start = start;
	sp->parts[sp->nparts].end = -1;
	sp->parts[sp->nparts].lines = lines;
	if (sp->nparts)
		sp->parts[sp->nparts - 1].end = start;
	sp->nparts++;
	return 0;
}

int ds__rdf_split_file(ds__rdf_split *out, int fd, size_t part_bytes)
{
	ds__rdf_split sp;
	scan s;
	struct stat sb;
	root_info root;
	long long pos = 0, q, last = 0;
	size_t cap = 0;
	int c, empty, depth = 1, ok = 0;

	memset(out, 0, sizeof *out);
	memset(&sp, 0, sizeof sp);
	memset(&s, 0, sizeof s);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return DS_OK;
	s.fd = fd;
	s.size = (long long)sb.st_size;
	if (!(s.buf = ds__malloc(WINDOW)))
		return ds__enomem();
	/* the prolog: a BOM, the XML declaration (UTF-8), comments, processing instructions */
	if (starts(&s, 0, "\xEF\xBB\xBF"))
		pos = 3;
	if (starts(&s, pos, "<?xml") && (is_space(at(&s, pos + 5)))) {
		long long e = find_text(&s, pos, "?>"), i;
		if (e < 0)
			goto done;
		for (i = pos; i + 8 < e; i++)
			if (starts(&s, i, "encoding")) {
				long long v = i + 8;
				while (is_space(at(&s, v)) || at(&s, v) == '=')
					v++;
				if (at(&s, v) == '"' || at(&s, v) == '\'')
					v++;
				if (!(starts(&s, v, "utf-8") || starts(&s, v, "UTF-8") || starts(&s, v, "Utf-8")) ||
				    (at(&s, v + 5) != '"' && at(&s, v + 5) != '\''))
					goto done;
			}
		pos = e;
	}
	for (;;) {
		while (is_space(c = at(&s, pos)))
			pos++;
		if (c != '<')
			goto done;
		if (starts(&s, pos, "<!--")) {
			if ((pos = find_text(&s, pos + 4, "-->")) < 0)
				goto done;
		} else if (starts(&s, pos, "<?")) {
			if ((pos = find_text(&s, pos + 2, "?>")) < 0)
				goto done;
		} else {
			break;
		}
	}
	c = at(&s, pos + 1);
	if (c < 0 || c == '!' || c == '?' || c == '/' || is_space(c))
		goto done;
	if ((q = tag_end(&s, pos + 1, &empty, &root)) < 0 || empty || !root.rdf_ns ||
	    !(strcmp(root.name, "RDF") == 0 ||
	      (strlen(root.name) > 4 && strcmp(root.name + strlen(root.name) - 4, ":RDF") == 0)) ||
	    q > (long long)HEAD_MAX)
		goto done;
	sp.head_len = (size_t)q;
	if (!(sp.head = ds__malloc(sp.head_len + 1)) || !(sp.tail = ds__malloc(strlen(root.name) + 4)))
		goto oom;
	if (pread(fd, sp.head, sp.head_len, 0) != (ssize_t)sp.head_len)
		goto done;
	sp.head[sp.head_len] = '\0';
	for (q = 0; q < (long long)sp.head_len; q++)
		sp.head_lines += sp.head[q] == '\n';
	sprintf(sp.tail, "</%s>", root.name);
	sp.tail_len = strlen(sp.tail);
	if (add_part(&sp, &cap, 0, 0) < 0)
		goto oom;
	/* the root's content: a boundary after each top-level element once a part is long enough */
	for (pos = (long long)sp.head_len;;) {
		if ((pos = find(&s, pos, '<')) < 0)
			goto done; /* the root is not closed */
		c = at(&s, pos + 1);
		if (c == '/') {
			if ((q = find(&s, pos + 2, '>')) < 0)
				goto done;
			pos = q + 1;
			if (--depth == 0)
				break;
		} else if (c == '!') {
			if (starts(&s, pos, "<!--"))
				pos = find_text(&s, pos + 4, "-->");
			else if (starts(&s, pos, "<![CDATA["))
				pos = find_text(&s, pos + 9, "]]>");
			else
				goto done;
			if (pos < 0)
				goto done;
			continue;
		} else if (c == '?') {
			if ((pos = find_text(&s, pos + 2, "?>")) < 0)
				goto done;
			continue;
		} else if (c < 0 || is_space(c) || c == '>' || c == '=') {
			goto done;
		} else {
			if ((q = tag_end_fast(&s, pos + 1, &empty)) == -2)
				q = tag_end(&s, pos + 1, &empty, NULL);
			if ((pos = q) < 0)
				goto done;
			if (!empty)
				depth++;
		}
		if (depth == 1 && pos - last >= (long long)part_bytes) {
			if (pos < s.base || pos > s.base + (long long)s.len)
				goto done;
			count_to(&s, pos);
			if (add_part(&sp, &cap, pos, s.lines) < 0)
				goto oom;
			last = pos;
		}
	}
	/* after the root: the rest must hold no NUL either */
	while (at(&s, pos) >= 0)
		pos = s.base + (long long)s.len;
	if (s.bad)
		goto done;
	ok = sp.nparts >= 2;
done:
	ds__free(s.buf);
	if (ok && !s.bad) {
		*out = sp;
		return DS_OK;
	}
	ds__rdf_split_dispose(&sp);
	return DS_OK;
oom:
	ds__free(s.buf);
	ds__rdf_split_dispose(&sp);
	return ds__enomem();
}
