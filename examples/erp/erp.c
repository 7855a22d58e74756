/*
 * The ERP integrator's program: one data resource from the catalogue to the
 * books, through the public API alone (no XML or string surgery).
 *
 *   catalogue entry → probe report of the extract → valuation (收益法)
 *   → registry application with all three attached → review, publicity on the
 *   official working-day calendar → registered → the signed certificate,
 *   verified → the 入表 book → journal entries as a voucher-import CSV.
 *
 * The story: a licensed operator (授权运营单位) of Jinan's public data takes
 * the operating right (经营权) of the catalogue entry "住房公积金缴存单位登记信息",
 * registers it as a data asset, and recognises it as an intangible asset.
 * Every date is fixed, so the program gives the same figures on any day.
 *
 * Build against an installed libdatasset with pkg-config alone:
 *   cc -o erp erp.c $(pkg-config --cflags --libs datasset)
 *   ./erp DATA_DIR WORK_DIR
 * DATA_DIR holds catalog-jinan.xml and gjj-deposits.csv (examples/data/);
 * WORK_DIR is an empty folder: it receives registry.db (and its signing key),
 * certificate.xml and vouchers.csv. Key figures go to standard output.
 *
 * vouchers.csv is the 凭证导入 layout that 用友 and 金蝶 import templates use:
 * 凭证日期, 凭证字, 凭证号, 摘要, 科目编码, 科目名称, 借方金额, 贷方金额, 附件数 — one row
 * per posting, the postings of one voucher sharing its date, 凭证字 (记) and
 * 凭证号 (numbered from 1 in each month), amounts in yuan to the fen with the
 * other side empty. UTF-8 with a byte-order mark, CRLF rows (RFC 4180).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <datasset/datasset.h>

#define ENTRY_ID "30201/11370100004191340F-00001"
#define OPERATOR "91370100MA3QUANC26" /* the operator's 统一社会信用代码 (check character valid) */
#define OPERATOR_NAME "济南泉城公共数据运营有限公司"

/* Report a failed call with the library's message, and stop. */
#define CHECK(call)                                                                                              \
	do {                                                                                                     \
		int rc_ = (call);                                                                                \
		if (rc_ < 0) {                                                                                   \
			fprintf(stderr, "erp: %s: %s: %s\n", #call, ds_strerror(rc_), ds_error_last()->message); \
			goto done;                                                                               \
		}                                                                                                \
	} while (0)

/* The operator's five-year income forecast for the right (元), discounted at 8.5 %. */
static const char *const forecast[] = { "1250000.00", "1312500.00", "1378125.00", "1447031.25", "1519382.81" };
#define PERIODS (sizeof forecast / sizeof forecast[0])

/* What the right cost: category, date, amount excluding VAT, recoverable VAT, evidence. */
static const struct {
	ds_ledger_category category;
	const char *date, *amount, *vat, *evidence;
} costs[] = {
	{ DS_LEDGER_COST_PRICE, "2025-03-03", "600000.00", "36000.00", "授权运营协议 JNSJ-2025-017" },
	{ DS_LEDGER_COST_RIGHTS, "2025-03-17", "15000.00", "900.00", "数据权属鉴证报告 QS-2025-0317" },
	{ DS_LEDGER_COST_QUALITY, "2025-03-24", "12000.00", "720.00", "数据质量评估报告 ZL-2025-0324" },
	{ DS_LEDGER_COST_REGISTRATION, "2025-04-15", "3000.00", NULL, "登记费发票 00372615" },
};
#define COSTS (sizeof costs / sizeof costs[0])

/* One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
static void csv_field(FILE *out, const char *text, int last)
{
	if (strpbrk(text, ",\"\r\n")) {
		fputc('"', out);
		for (; *text; text++) {
			if (*text == '"')
				fputc('"', out);
			fputc(*text, out);
		}
		fputc('"', out);
	} else {
		fputs(text, out);
	}
	fputs(last ? "\r\n" : ",", out);
}

int main(int argc, char **argv)
{
	char path[4096], when[64], next_day[11];
	ds_catalog *catalog = NULL;
	const ds_resource *entry = NULL;
	size_t index, i, k;
	ds_probe *probe = NULL;
	ds_probe_options popts = DS_PROBE_OPTIONS_INIT;
	ds_probe_source_info source;
	ds_decimal *flows[PERIODS] = { NULL }, *rate = NULL, *amounts[COSTS] = { NULL }, *vats[COSTS] = { NULL };
	ds_valuation *valuation = NULL;
	ds_valuation_income_params income = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_valuation_subject subject = DS_VALUATION_SUBJECT_INIT;
	ds_registry *reg = NULL;
	ds_registry_options ropts = DS_REGISTRY_OPTIONS_INIT;
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_registration *registration = NULL;
	int64_t id = 0;
	char *cert_xml = NULL, *pem = NULL, *summary = NULL, *value_text = NULL, *text = NULL;
	ds_key *key = NULL;
	ds_certificate *cert = NULL;
	ds_certificate_report *report = NULL;
	ds_ledger *book = NULL;
	ds_ledger_asset asset = DS_LEDGER_ASSET_INIT;
	ds_ledger_report *period = NULL;
	ds_ledger_figures figures;
	ds_ledger_asset_figures held;
	int64_t cost = 0, debits = 0, credits = 0;
	FILE *csv = NULL;
	int status = 1, month = 0, number = 0, rows = 0;
	static const struct {
		ds_reg_state to;
		const char *time, *reason;
	} review[] = {
		{ DS_STATE_ACCEPTED, "2025-03-26T10:00:00+08:00", "材料齐全，予以受理" },
		{ DS_STATE_REVIEW, "2025-03-27T09:00:00+08:00", "进入形式审查" },
		{ DS_STATE_PUBLICITY, "2025-03-28T09:00:00+08:00", "形式审查通过，予以公示" },
	};

	if (argc != 3) {
		fprintf(stderr, "usage: erp DATA_DIR WORK_DIR\n");
		return 2;
	}

	/* 1. The catalogue entry, as an object. */
	snprintf(path, sizeof path, "%s/catalog-jinan.xml", argv[1]);
	CHECK(ds_catalog_load(&catalog, path));
	CHECK(ds_catalog_find(&index, catalog, ENTRY_ID));
	CHECK(ds_catalog_at(&entry, catalog, index));
	printf("entry: %s %s\n", ds_resource_get(entry, DS_FIELD_IDENTIFIER), ds_resource_get(entry, DS_FIELD_TITLE));

	/* 2. The probe report of the department's extract (GB18030, detected). */
	snprintf(path, sizeof path, "%s/gjj-deposits.csv", argv[1]);
	popts.update_cycle = "每月";
	popts.as_of = "2025-01-20";
	CHECK(ds_probe_file(&probe, path, &popts));
	CHECK(ds_probe_source(&source, probe));
	printf("probe: %llu rows, %zu columns, %s\n", (unsigned long long)source.rows, source.columns, source.encoding);

	/* 3. The valuation, computed here: income approach, end-of-year flows. */
	for (i = 0; i < PERIODS; i++) {
		CHECK(ds_decimal_new(&flows[i]));
		CHECK(ds_decimal_parse(flows[i], forecast[i], 0));
	}
	CHECK(ds_decimal_new(&rate));
	CHECK(ds_decimal_parse(rate, "8.5%", DS_DECIMAL_RATE));
	income.periods = PERIODS;
	income.income = flows;
	income.rates = &rate;
	income.n_rates = 1;
	CHECK(ds_valuation_new(&valuation));
	CHECK(ds_valuation_income(valuation, &income, NULL));
	CHECK(ds_decimal_to_string_scaled(&value_text, ds_valuation_value(valuation), 2, DS_ROUND_HALF_UP,
					  DS_DECIMAL_GROUPED));
	printf("valuation: income approach at 8.5 %%: %s yuan\n", value_text);

	/* 4. The registry (created with its Ed25519 signing key) and the application. */
	snprintf(path, sizeof path, "%s/registry.db", argv[2]);
	ropts.key = DS_SIG_ED25519;
	CHECK(ds_registry_create(&reg, path, "济南市数据资产登记中心", "370100", &ropts));
	CHECK(ds_registry_subject_add(reg, OPERATOR, OPERATOR_NAME, DS_SUBJECT_UNSPECIFIED));
	subject.name = ds_resource_get(entry, DS_FIELD_TITLE);
	subject.holder = OPERATOR_NAME;
	subject.code = ENTRY_ID;
	subject.right = "operation";
	subject.base_date = "2025-02-28";
	subject.kind = "income";
	req.subject = OPERATOR;
	req.kind = DS_REG_ASSET;
	req.right = DS_RIGHT_OPERATING;
	req.entry = entry;
	req.probe = probe;
	req.valuation = valuation;
	req.valuation_subject = &subject;
	req.scope = "济南市住房公积金缴存单位登记信息的授权运营";
	req.term = "2025-03-01/2028-02-29";
	req.coverage_region = "济南市";
	req.time = "2025-03-26T09:00:00+08:00";
	CHECK(ds_registry_apply(&id, reg, &req));

	/* 5. Review and publicity: 10 working days on the official calendar, which skips
	 *    清明 (2025-04-04, a Friday, 国办发明电〔2024〕12号): 2025-04-14, not 04-11.
	 *    Registration on the first working day after publicity ends. */
	t.actor = "登记审核员";
	for (i = 0; i < sizeof review / sizeof review[0]; i++) {
		t.time = review[i].time;
		t.reason = review[i].reason;
		CHECK(ds_registry_advance(reg, id, review[i].to, &t));
	}
	CHECK(ds_registry_get(&registration, reg, id));
	CHECK(ds_registry_add_working_days(next_day, reg, registration->publicity_end, 1));
	snprintf(when, sizeof when, "%sT09:00:00+08:00", next_day);
	t.time = when;
	t.reason = "公示期满无异议，予以登记";
	CHECK(ds_registry_advance(reg, id, DS_STATE_REGISTERED, &t));
	ds_free(registration);
	registration = NULL;
	CHECK(ds_registry_get(&registration, reg, id));
	printf("registration: %lld, publicity %s to %s, registered %s, certificate %s\n", (long long)id,
	       registration->publicity_start, registration->publicity_end, registration->registered,
	       registration->certificate);

	/* 6. The signed certificate, verified with the registry's public key. */
	CHECK(ds_registry_certificate(&cert_xml, reg, id));
	snprintf(path, sizeof path, "%s/certificate.xml", argv[2]);
	if (!(csv = fopen(path, "wb")) || fputs(cert_xml, csv) < 0 || fclose(csv) != 0) {
		perror(path);
		csv = NULL;
		goto done;
	}
	csv = NULL;
	CHECK(ds_registry_public_key(&pem, reg, NULL));
	CHECK(ds_key_parse(&key, pem, strlen(pem)));
	CHECK(ds_certificate_verify(&report, cert_xml, strlen(cert_xml), key, NULL));
	printf("certificate: verified, %zu checks passed\n", ds_certificate_report_count(report));
	CHECK(ds_certificate_parse(&cert, cert_xml, strlen(cert_xml)));
	CHECK(ds_certificate_summary(&summary, cert));
	fputs(summary, stdout);

	/* 7. The 入表 book: the right as an intangible asset (外购), ready for use when registered. */
	CHECK(ds_ledger_new(&book));
	asset.id = registration->certificate;
	asset.name = "住房公积金缴存单位登记信息经营权";
	asset.asset_class = DS_LEDGER_INTANGIBLE;
	asset.origin = DS_LEDGER_PURCHASED;
	asset.acquired = "2025-03-03";
	asset.available = registration->registered;
	asset.useful_life_months = 36;
	asset.use = DS_LEDGER_USE_MAIN_COST;
	CHECK(ds_ledger_add_asset(book, &asset));
	for (i = 0; i < COSTS; i++) {
		ds_ledger_cost item = DS_LEDGER_COST_INIT;
		CHECK(ds_decimal_new(&amounts[i]));
		CHECK(ds_decimal_parse(amounts[i], costs[i].amount, 0));
		if (costs[i].vat) {
			CHECK(ds_decimal_new(&vats[i]));
			CHECK(ds_decimal_parse(vats[i], costs[i].vat, 0));
		}
		item.date = costs[i].date;
		item.category = costs[i].category;
		item.amount = amounts[i];
		item.vat = vats[i];
		item.evidence = costs[i].evidence;
		CHECK(ds_ledger_add_cost(book, asset.id, &item));
	}
	CHECK(ds_ledger_asset_cost(&cost, book, asset.id));
	CHECK(ds_ledger_report_new(&period, book, "2025-03", "2025-12"));
	CHECK(ds_ledger_report_figures(&figures, period));
	CHECK(ds_ledger_report_asset_at(&held, period, 0));
	CHECK(ds_decimal_fen_to_string(&text, cost, DS_DECIMAL_GROUPED));
	printf("ledger: cost %s", text);
	ds_free(text);
	text = NULL;
	CHECK(ds_decimal_fen_to_string(&text, figures.amortisation, DS_DECIMAL_GROUPED));
	printf(", amortisation 2025-03 to 2025-12 %s", text);
	ds_free(text);
	text = NULL;
	CHECK(ds_decimal_fen_to_string(&text, held.carrying, DS_DECIMAL_GROUPED));
	printf(", carrying amount at 2025-12-31 %s, %ld months left\n", text, held.remaining_months);
	ds_free(text);
	text = NULL;

	/* 8. The journal entries of the period as a voucher-import CSV. */
	snprintf(path, sizeof path, "%s/vouchers.csv", argv[2]);
	if (!(csv = fopen(path, "wb"))) {
		perror(path);
		goto done;
	}
	fputs("\xEF\xBB\xBF", csv);
	fputs("凭证日期,凭证字,凭证号,摘要,科目编码,科目名称,借方金额,贷方金额,附件数\r\n", csv);
	for (i = 0; i < ds_ledger_report_entry_count(period); i++) {
		ds_ledger_entry je;
		char date[16], voucher[16], summary_text[256], attachments[8];
		CHECK(ds_ledger_report_entry_at(&je, period, i));
		if (je.month != month) { /* voucher numbers start again each month */
			month = je.month;
			number = 0;
		}
		number++;
		snprintf(date, sizeof date, "%04d-%02d-%02d", je.year, je.month, je.day);
		snprintf(voucher, sizeof voucher, "%d", number);
		snprintf(summary_text, sizeof summary_text, "%s %s", je.event, asset.name);
		/* A month's amortisation is computed, not evidenced by a document; every other
		 * entry is posted from one (the invoice or contract of the cost item). */
		snprintf(attachments, sizeof attachments, "%d", strcmp(je.event, "摊销") == 0 ? 0 : 1);
		for (k = 0; k < je.posting_count; k++) {
			const ds_ledger_posting *p = &je.postings[k];
			CHECK(ds_decimal_fen_to_string(&text, p->amount, 0));
			csv_field(csv, date, 0);
			csv_field(csv, "记", 0);
			csv_field(csv, voucher, 0);
			csv_field(csv, summary_text, 0);
			csv_field(csv, p->code, 0);
			csv_field(csv, p->name, 0);
			csv_field(csv, p->debit ? text : "", 0);
			csv_field(csv, p->debit ? "" : text, 0);
			csv_field(csv, attachments, 1);
			ds_free(text);
			text = NULL;
			if (p->debit)
				debits += p->amount;
			else
				credits += p->amount;
			rows++;
		}
	}
	if (fclose(csv) != 0) {
		csv = NULL;
		perror(path);
		goto done;
	}
	csv = NULL;
	CHECK(ds_decimal_fen_to_string(&text, debits, DS_DECIMAL_GROUPED));
	printf("vouchers: %zu vouchers, %d rows, debits %s", ds_ledger_report_entry_count(period), rows, text);
	ds_free(text);
	text = NULL;
	CHECK(ds_decimal_fen_to_string(&text, credits, DS_DECIMAL_GROUPED));
	printf(", credits %s\n", text);
	status = debits == credits ? 0 : 1;

done:
	if (csv)
		fclose(csv);
	ds_free(text);
	ds_ledger_report_free(period);
	ds_ledger_free(book);
	for (i = 0; i < COSTS; i++) {
		ds_decimal_free(amounts[i]);
		ds_decimal_free(vats[i]);
	}
	ds_certificate_report_free(report);
	ds_certificate_free(cert);
	ds_key_free(key);
	ds_free(summary);
	ds_free(pem);
	ds_free(cert_xml);
	ds_free(registration);
	ds_registry_free(reg);
	ds_free(value_text);
	ds_valuation_free(valuation);
	ds_decimal_free(rate);
	for (i = 0; i < PERIODS; i++)
		ds_decimal_free(flows[i]);
	ds_probe_free(probe);
	ds_catalog_free(catalog);
	return status;
}
