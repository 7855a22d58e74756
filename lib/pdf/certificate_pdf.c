/*
 * The printed registration certificate: one A4 page laid out like an official
 * 登记证书 (docs/certificate.md, "The printed certificate"), with a QR code
 * holding the verification payload.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#ifdef HAVE_PDF /* else nopdf.c */

#include <stdio.h>
#include <string.h>

#include "certificate/certificate_internal.h"
#include "datasset/registry.h" /* the kind code list: 数据资源, 数据产品, ... */
#include "pdf_internal.h"

#define MARGIN (25 * DS__PDF_MM)
#define BODY_WIDTH (DS__PDF_A4_WIDTH - 2 * MARGIN)
#define LABEL_WIDTH (34 * DS__PDF_MM)
#define PAD 4.0
#define TEXT_SIZE 10.0

/* One row of the table: a label and its value (owned). */
typedef struct row {
	const char *label;
	char *value;
} row;

typedef struct page {
	ds__pdf pdf;
	row rows[40];
	size_t count;
	int oom;
} page;

static void add(page *p, const char *label, char *value)
{
	if (!value) {
		p->oom = 1;
		return;
	}
	if (p->count == sizeof p->rows / sizeof p->rows[0]) {
		ds__free(value);
		return;
	}
	p->rows[p->count].label = label;
	p->rows[p->count].value = value;
	p->count++;
}

/* The text of @node's child @child (NULL: @node) or of its attribute @attr; NULL when absent. */
static char *text_of(xmlNodePtr node, const char *child, const char *attr)
{
	char *text = NULL;
	xmlNodePtr at = child ? ds__xml_child(node, child) : node;

	if (!at || ds__xml_text(&text, at, attr) < 0)
		return NULL;
	return text;
}

static char *printf_alloc(const char *fmt, ...) DS__PRINTF(1, 2);
static char *printf_alloc(const char *fmt, ...)
{
	ds__buf b = DS__BUF_INIT;
	char *out = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || ds__buf_grow(&b, (size_t)n + 1) < 0)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	if (ds__buf_detach(&out, &b) < 0)
		return NULL;
	return out;
}

/* A date "YYYY-MM-DD" as "2025年3月10日（贰零贰伍年叁月零壹拾日）": the 大写 form is
 * the one 《正确填写票据和结算凭证的基本规定》 asks of a date on an instrument
 * (the words module, ds_date_to_words()). */
static char *date_text(const char *date)
{
	int year, month, day;
	char *words = NULL, *out;

	if (!date || sscanf(date, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
	    ds_date_to_words(&words, year, month, day) < 0)
		return date ? ds__strdup(date) : ds__strdup("");
	out = printf_alloc("%d年%d月%d日（%s）", year, month, day, words);
	ds__free(words);
	return out;
}

/* "1250000" as "1,250,000": counts are integers written by the schema (xs:nonNegativeInteger). */
static void grouped(char *out, size_t size, const char *digits)
{
	size_t n = strlen(digits), i, j = 0;

	for (i = 0; i < n && j + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
}

/* The 大写 registration date, as signed in the document. */
static void rows_of(page *p, xmlNodePtr root)
{
	static const char *const security[][2] = { { "general", "一般数据" },
						   { "important", "重要数据" },
						   { "core", "核心数据" } };
	xmlNodePtr node, right, object = ds__xml_child(root, "object");
	char *a, *b, *c;
	size_t i;

	node = ds__xml_child(root, "registrant");
	add(p, "登记主体", text_of(node, "name", NULL));
	add(p, "统一社会信用代码", text_of(node, "creditCode", NULL));
	for (right = ds__xml_child(ds__xml_child(root, "rights"), "right"); right;
	     right = ds__xml_next(right, "right")) {
		char *type = text_of(right, NULL, "type"), *scope = text_of(right, "scope", NULL);
		char *restrictions = text_of(right, "restrictions", NULL);
		char *start = text_of(ds__xml_child(right, "term"), NULL, "start");
		char *end = text_of(ds__xml_child(right, "term"), NULL, "end");
		char *from = date_text(start), *to = end ? date_text(end) : ds__strdup("长期");
		add(p, "登记权利",
		    printf_alloc("%s\n权利期限：%s 起至 %s\n权利范围：%s%s%s", ds__certificate_right_label(type),
				 from ? from : "", to ? to : "", scope ? scope : "", restrictions ? "\n权利限制：" : "",
				 restrictions ? restrictions : ""));
		ds__free(type);
		ds__free(scope);
		ds__free(restrictions);
		ds__free(start);
		ds__free(end);
		ds__free(from);
		ds__free(to);
	}
	a = text_of(object, "name", NULL);
	b = text_of(object, "code", NULL);
	add(p, "登记对象", printf_alloc("%s\n编码：%s", a ? a : "", b ? b : ""));
	ds__free(a);
	ds__free(b);
	add(p, "数据描述", text_of(object, "description", NULL));
	add(p, "数据来源", text_of(object, "source", NULL));
	{
		char records[40] = "", fields[40] = "", bytes[40] = "";
		a = text_of(object, "scale", "records");
		b = text_of(object, "scale", "fields");
		c = text_of(object, "scale", "bytes");
		if (a)
			grouped(records, sizeof records, a);
		if (b)
			grouped(fields, sizeof fields, b);
		if (c)
			grouped(bytes, sizeof bytes, c);
		add(p, "数据规模",
		    printf_alloc("%s%s%s%s%s%s%s%s", a ? records : "", a ? " 条记录" : "", a && (b || c) ? "，" : "",
				 b ? fields : "", b ? " 个字段" : "", b && c ? "，" : "", c ? bytes : "",
				 c ? " 字节" : ""));
		ds__free(a);
		ds__free(b);
		ds__free(c);
	}
	a = text_of(object, "format", NULL);
	b = text_of(object, "updateFrequency", NULL);
	add(p, "格式与更新", printf_alloc("%s；更新频率：%s", a ? a : "", b ? b : ""));
	ds__free(a);
	ds__free(b);
	a = text_of(object, "coverage", "region");
	b = text_of(object, "coverage", "period");
	add(p, "覆盖范围", printf_alloc("地域：%s；时间：%s", a ? a : "", b ? b : ""));
	ds__free(a);
	ds__free(b);
	add(p, "数据质量", text_of(object, "quality", NULL));
	a = text_of(object, "security", "class");
	b = text_of(object, "security", "personalInformation");
	c = NULL;
	for (i = 0; a && i < sizeof security / sizeof security[0]; i++)
		if (strcmp(a, security[i][0]) == 0)
			c = (char *)security[i][1];
	add(p, "安全级别",
	    printf_alloc("%s；%s个人信息", c ? c : (a ? a : ""), b && strcmp(b, "true") == 0 ? "涉及" : "不涉及"));
	ds__free(a);
	ds__free(b);
	add(p, "应用场景", text_of(object, "scenarios", NULL));
	node = ds__xml_child(root, "fingerprint");
	a = text_of(node, "metadata", NULL);
	b = text_of(node, "data", NULL);
	add(p, "数据指纹", printf_alloc("元数据 %s%s%s", a ? a : "", b ? "\n数据 " : "", b ? b : ""));
	ds__free(a);
	ds__free(b);
	node = ds__xml_child(root, "dates");
	a = text_of(node, NULL, "application");
	b = date_text(a);
	add(p, "申请日期", b);
	ds__free(a);
	a = text_of(node, NULL, "publicityStart");
	c = text_of(node, NULL, "publicityEnd");
	{
		char *from = date_text(a), *to = date_text(c);
		add(p, "公示期", printf_alloc("%s 至 %s", from ? from : "", to ? to : ""));
		ds__free(from);
		ds__free(to);
	}
	ds__free(a);
	ds__free(c);
	a = text_of(root, "supersedes", NULL);
	if (a)
		add(p, "原凭证编号", a);
}

static double draw_rows(page *p, double y)
{
	ds__pdf *pdf = &p->pdf;
	double value_x = MARGIN + LABEL_WIDTH, value_width = BODY_WIDTH - LABEL_WIDTH;
	double top = y;
	size_t i;

	for (i = 0; i < p->count; i++) {
		double h1 = ds__pdf_text_height(pdf, LABEL_WIDTH - 2 * PAD, NULL, TEXT_SIZE, 1, p->rows[i].label);
		double h2 = ds__pdf_text_height(pdf, value_width - 2 * PAD, NULL, TEXT_SIZE, 0, p->rows[i].value);
		double h = (h1 > h2 ? h1 : h2) + 2 * PAD;
		ds__pdf_text(pdf, MARGIN + PAD, y + PAD, LABEL_WIDTH - 2 * PAD, NULL, TEXT_SIZE, 1, DS__PDF_CENTRE,
			     p->rows[i].label);
		ds__pdf_text(pdf, value_x + PAD, y + PAD, value_width - 2 * PAD, NULL, TEXT_SIZE, 0, DS__PDF_LEFT,
			     p->rows[i].value);
		ds__pdf_line(pdf, MARGIN, y + h, MARGIN + BODY_WIDTH, y + h, 0.5);
		y += h;
	}
	ds__pdf_rect(pdf, MARGIN, top, BODY_WIDTH, y - top, 0.8);
	ds__pdf_line(pdf, value_x, top, value_x, y, 0.5);
	return y;
}

int ds_certificate_print_pdf(unsigned char **out, size_t *len, const ds_certificate *cert, const ds_pdf_options *opts)
{
	page p;
	xmlNodePtr root, registry, evidence;
	char *payload = NULL, *kind = NULL, *title = NULL, *registry_name = NULL, *key_id = NULL, *algorithm = NULL;
	char *index = NULL, *size = NULL, *reg_date = NULL, *reg_words = NULL, *footer = NULL, *seal = NULL;
	const char *kind_label = NULL;
	double y, qr_side = 40 * DS__PDF_MM, bottom;
	int value, rc;
	size_t i;

	memset(&p, 0, sizeof p);
	if (!out || !len || !cert)
		return ds__error(DS_EINVAL, "ds_certificate_print_pdf: NULL argument");
	if ((rc = ds_certificate_to_payload(&payload, cert)) < 0)
		return rc;
	root = xmlDocGetRootElement(cert->doc);
	registry = ds__xml_child(root, "registry");
	evidence = ds__xml_child(root, "logEvidence");
	kind = text_of(root, "number", "kind");
	/* The title is the registry's name of the kind (its code list, ds_registry_code_label())
	 * and the document: 登记证书 for a product or data intellectual property, 登记凭证 for a
	 * resource or an asset, as the Jinan measures name them (数据产品登记证书,
	 * 数据资源（资产）登记凭证). */
	if (kind && ds_registry_code_parse(&value, DS_CODE_KIND, kind) == DS_OK)
		kind_label = ds_registry_code_label(DS_CODE_KIND, value);
	title = printf_alloc("%s%s", kind_label ? kind_label : "数据",
			     kind && (strcmp(kind, "product") == 0 || strcmp(kind, "ip") == 0) ? "登记证书" :
												 "登记凭证");
	registry_name = text_of(registry, NULL, "name");
	key_id = text_of(registry, NULL, "keyId");
	algorithm = text_of(registry, NULL, "algorithm");
	index = text_of(evidence, NULL, "index");
	size = text_of(evidence, NULL, "treeSize");
	reg_date = text_of(ds__xml_child(root, "dates"), NULL, "registration");
	reg_words = text_of(ds__xml_child(root, "dates"), "registrationInWords", NULL);
	if (!title || !registry_name || !key_id || !algorithm || !index || !size || !reg_date || !reg_words) {
		rc = ds__error(DS_EINVAL, "certificate %s: a field to print is missing (or memory ran out)",
			       cert->number);
		goto done;
	}
	if ((rc = ds__pdf_begin(&p.pdf, opts, title)) < 0)
		goto done;
	rows_of(&p, root);
	if (p.oom) {
		rc = ds__enomem();
		goto done;
	}

	/* The frame: a double rule in seal red. */
	ds__pdf_colour(&p.pdf, 1);
	ds__pdf_rect(&p.pdf, 12 * DS__PDF_MM, 12 * DS__PDF_MM, DS__PDF_A4_WIDTH - 24 * DS__PDF_MM,
		     DS__PDF_A4_HEIGHT - 24 * DS__PDF_MM, 2.5);
	ds__pdf_rect(&p.pdf, 15 * DS__PDF_MM, 15 * DS__PDF_MM, DS__PDF_A4_WIDTH - 30 * DS__PDF_MM,
		     DS__PDF_A4_HEIGHT - 30 * DS__PDF_MM, 0.8);
	y = 24 * DS__PDF_MM;
	y += ds__pdf_text(&p.pdf, MARGIN, y, BODY_WIDTH, p.pdf.serif, 26, 1, DS__PDF_CENTRE, title);
	ds__pdf_colour(&p.pdf, 0);
	y += 4;
	footer = printf_alloc("编号：%s", cert->number);
	y += ds__pdf_text(&p.pdf, MARGIN, y, BODY_WIDTH, NULL, 11, 0, DS__PDF_RIGHT, footer ? footer : "");
	ds__free(footer);
	footer = NULL;
	y += 6;
	y = draw_rows(&p, y);

	/* The foot: the QR code on the left, the registry's statement on the right. */
	bottom = DS__PDF_A4_HEIGHT - 22 * DS__PDF_MM;
	if (y + qr_side + 12 > bottom)
		qr_side = bottom - y - 12 > 25 * DS__PDF_MM ? bottom - y - 12 : 25 * DS__PDF_MM;
	y = bottom - qr_side - 10;
	if ((rc = ds__pdf_qr(&p.pdf, MARGIN, y, qr_side, payload)) < 0)
		goto done;
	ds__pdf_text(&p.pdf, MARGIN, y + qr_side, qr_side, NULL, 7, 0, DS__PDF_CENTRE, "扫码核验");
	seal = printf_alloc(
		"登记机构：%s\n登记日期：%s\n（%s）\n签名密钥：%.32s\n%32s\n签名算法：%s\n存证：登记日志第 %s 条（树大小 %s）",
		registry_name, reg_words, reg_date, key_id, strlen(key_id) > 32 ? key_id + 32 : "", algorithm, index,
		size);
	if (!seal) {
		rc = ds__enomem();
		goto done;
	}
	ds__pdf_text(&p.pdf, MARGIN + qr_side + 10 * DS__PDF_MM, y + 4, BODY_WIDTH - qr_side - 10 * DS__PDF_MM, NULL,
		     10, 0, DS__PDF_RIGHT, seal);
	footer = printf_alloc("本凭证由登记机构以其私钥签名并记入登记日志。持有登记机构公钥者可离线核验："
			      "datasset cert verify --qr 二维码内容 --key 公钥 [凭证.xml]");
	ds__pdf_text(&p.pdf, MARGIN, bottom + 2, BODY_WIDTH, NULL, 7, 0, DS__PDF_CENTRE, footer ? footer : "");
	rc = ds__pdf_end(out, len, &p.pdf);
done:
	if (rc < 0)
		ds__pdf_end(NULL, NULL, &p.pdf);
	for (i = 0; i < p.count; i++)
		ds__free(p.rows[i].value);
	ds__free(payload);
	ds__free(kind);
	ds__free(title);
	ds__free(registry_name);
	ds__free(key_id);
	ds__free(algorithm);
	ds__free(index);
	ds__free(size);
	ds__free(reg_date);
	ds__free(reg_words);
	ds__free(footer);
	ds__free(seal);
	return rc;
}

#endif /* HAVE_PDF */
