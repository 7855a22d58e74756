/*
 * The registry: credit codes, certificate numbers, the store (migrations,
 * refusal of newer schemas), registrants, the workflow (every legal and
 * every illegal transition), publicity periods over a calendar, changes,
 * query codes, listing and paging, trades, the applications export, and bad
 * input of every class with "nothing changed" checks.
 * The random differential test against Python is tests/registry_oracle.py;
 * two concurrent processes are in tests/cli_registry.sh.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <sys/stat.h>

#include "testutil.h"
#include "registry_fixture.h"
#include "datasset/certificate.h"
#include "internal/store.h"
#include "internal/xml.h"
#include "registry/registry_internal.h"
#include "translog/translog_internal.h"

#define SELLER "91350100M000100Y43"
#define BUYER "91370100MA3C5EJQ3J"

/* The registry under test (dir, db, reg) and its backend are
 * tests/registry_fixture.c's: pg_base NULL for SQLite files, else a
 * postgresql:// URI of a throwaway server that tests/registry_postgresql.sh
 * started (DS_TEST_PG): each registry of a test is one registry key in that
 * database, its key files in the test's directory. The suite is the same; what
 * only a SQLite file has (its bytes, user_version, the sqlite3 shell's edits)
 * is tested on SQLite only. */

/* Set the schema version the database records, as a newer library would. */
static void set_schema_version(ds__store *store, int version)
{
	char sql[96];
	if (pg_base)
		snprintf(sql, sizeof sql, "UPDATE datasset.meta SET version = %d", version);
	else
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
	ck_assert_ds_ok(ds__store_exec(store, sql));
}

static void setup_registry(int keyed)
{
	/* Registering issues a signed certificate and is refused without a key. */
	registry_fixture_create("registry", keyed);
	ck_assert_ds_ok(ds_registry_load_calendar(NULL, reg, sample_calendar()));
	ck_assert_ds_ok(ds_registry_subject_add(reg, SELLER, "测试企业", DS_SUBJECT_UNSPECIFIED));
	ck_assert_ds_ok(ds_registry_subject_add(reg, BUYER, "买方企业", DS_SUBJECT_ENTERPRISE));
}

static void setup(void)
{
	setup_registry(1);
}

static void setup_unkeyed(void)
{
	setup_registry(0);
}

static int64_t apply_at(ds_reg_kind kind, int64_t when)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	int64_t id = 0;
	req.subject = SELLER;
	req.kind = kind;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = fixture("entry.xml");
	req.at = when;
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	return id;
}

static int advance(int64_t id, ds_reg_state to, int64_t when)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	t.actor = "审核员 张三";
	t.reason = "材料齐全";
	t.evidence = "申请表.pdf";
	t.at = when;
	return ds_registry_advance(reg, id, to, &t);
}

/* Apply on 2025-03-03 and take the registration to REGISTERED. */
static int64_t registered(ds_reg_kind kind)
{
	int64_t id = apply_at(kind, at(2025, 3, 3, 9));
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)));
	ck_assert_ds_ok(advance(id, DS_STATE_REGISTERED, at(2025, 3, 18, 9)));
	return id;
}

/* ---------------------------------------------------------------- identifiers */

static const struct {
	const char *input;
	const char *normal;
	int code;
	int column;
} uscc_cases[] = {
	{ "91350100M000100Y43", "91350100M000100Y43", DS_OK, 0 },
	{ "91350100m000100y43", "91350100M000100Y43", DS_OK, 0 },
	{ " 9135 0100 M000 100Y 43 ", "91350100M000100Y43", DS_OK, 0 },
	{ "\xEF\xBC\x99\xEF\xBC\x91"
	  "350100\xEF\xBD\x8D"
	  "000100Y43",
	  "91350100M000100Y43", DS_OK, 0 }, /* ９１…ｍ */
	{ "91350100M000100Y4\xE3\x80\x80"
	  "3",
	  "91350100M000100Y43", DS_OK, 0 }, /* U+3000 */
	{ BUYER, BUYER, DS_OK, 0 },
	{ "91350100M000100Y44", NULL, DS_EINVAL, 18 },
	{ "91350100M000100Y4", NULL, DS_EINVAL, 18 },
	{ "91350100M000100Y433", NULL, DS_EINVAL, 19 },
	{ "", NULL, DS_EINVAL, 1 },
	{ "I1350100M000100Y43", NULL, DS_EINVAL, 1 },
	{ "9O350100M000100Y43", NULL, DS_EINVAL, 2 },
	{ "913A0100M000100Y43", NULL, DS_EINVAL, 4 },
	{ "91350100M000100S43", NULL, DS_EINVAL, 16 },
	{ "91350100M0001-0Y43", NULL, DS_EINVAL, 14 },
	{ "913501\xE4\xB8\xAD"
	  "0M000100Y43",
	  NULL, DS_EINVAL, 7 },
	{ "9135'; DROP TABLE subjects; --", NULL, DS_EINVAL, 5 },
	{ "91350100M000100Y4\xFF", NULL, DS_EPARSE, 18 },
};

START_TEST(uscc_table)
{
	size_t i;
	for (i = 0; i < sizeof uscc_cases / sizeof uscc_cases[0]; i++) {
		char *out = NULL;
		int rc = ds_uscc_normalize(&out, uscc_cases[i].input);
		ck_assert_msg(rc == uscc_cases[i].code, "case %zu '%s': %s (%s)", i, uscc_cases[i].input,
			      ds_strerror(rc), ds_error_last()->message);
		if (rc == DS_OK) {
			ck_assert_str_eq(out, uscc_cases[i].normal);
		} else {
			ck_assert_ptr_null(out);
			ck_assert_msg(ds_error_last()->column == uscc_cases[i].column,
				      "case %zu: column %d, expected %d (%s)", i, ds_error_last()->column,
				      uscc_cases[i].column, ds_error_last()->message);
			ck_assert_msg(strstr(ds_error_last()->message, "统一社会信用代码") != NULL, "%s",
				      ds_error_last()->message);
		}
		ds_free(out);
	}
}
END_TEST

START_TEST(certificate_numbers)
{
	/* Expected values from an independent Python computation of the one convention
	 * (docs/certificate.md): values in the credit code's alphabet, I counts 18. */
	static const char *const at_limit[] = { "370100-2025-R-99999999-T", "370100-2025-P-99999999-E",
						"370100-2025-A-99999999-X", "370100-2025-I-99999999-F" };
	char number[25];
	int kind;
	ck_assert_ds_ok(ds__certificate_number(number, "370100", 2025, DS_REG_PRODUCT, 123));
	ck_assert_str_eq(number, "370100-2025-P-00000123-3");
	ck_assert_ds_ok(ds_certificate_number_check(number));
	ck_assert_ds_ok(ds__certificate_number(number, "650000", 2031, DS_REG_RESOURCE, 4711));
	ck_assert_str_eq(number, "650000-2031-R-00004711-7");
	for (kind = 0; kind < 4; kind++) {
		ck_assert_ds_ok(ds__certificate_number(number, "370100", 2025, kind, 99999999));
		ck_assert_str_eq(number, at_limit[kind]);
		ck_assert_ds_ok(ds_certificate_number_check(number));
	}
	ck_assert_ds_err(ds__certificate_number(number, "370100", 2025, 0, 100000000), DS_ERANGE);
	ck_assert_ds_err(ds__certificate_number(number, "370100", 2025, 4, 1), DS_ERANGE);
	/* The former registry convention (kind letter = Latin place + 9) gave F here. */
	ck_assert_ds_err(ds_certificate_number_check("370100-2025-P-00000123-F"), DS_EVERIFY);
	ck_assert_int_eq(ds_error_last()->column, 24);
	ck_assert_str_eq(ds_error_last()->field, "number");
	ck_assert_ds_err(ds_certificate_number_check("370100-2025-P-00000123-G"), DS_EVERIFY);
	ck_assert_int_eq(ds_error_last()->column, 24);
	ck_assert_ds_err(ds_certificate_number_check("370100-2025-X-00000123-3"), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->column, 13);
	ck_assert_ds_err(ds_certificate_number_check("370100-2025-P-0000012-3"), DS_EPARSE);
	ck_assert_ds_err(ds_certificate_number_check("370100-2025-P-00000123-31"), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->column, 25);
	ck_assert_ds_err(ds_certificate_number_check("370100_2025-P-00000123-3"), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->column, 7);
}
END_TEST

START_TEST(code_names)
{
	int value = -1;
	ck_assert_ds_ok(ds_registry_code_parse(&value, DS_CODE_STATE, "公示"));
	ck_assert_int_eq(value, DS_STATE_PUBLICITY);
	ck_assert_ds_ok(ds_registry_code_parse(&value, DS_CODE_STATE, "cancelled"));
	ck_assert_int_eq(value, DS_STATE_CANCELLED);
	ck_assert_ds_ok(ds_registry_code_parse(&value, DS_CODE_RIGHT, "数据产品经营权"));
	ck_assert_int_eq(value, DS_RIGHT_OPERATING);
	ck_assert_ds_ok(ds_registry_code_parse(&value, DS_CODE_RIGHT, "加工使用权"));
	ck_assert_int_eq(value, DS_RIGHT_PROCESSING);
	ck_assert_ds_err(ds_registry_code_parse(&value, DS_CODE_STATE, "Publicity"), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "unknown state 'Publicity'"));
	ck_assert_int_eq(value, DS_RIGHT_PROCESSING);
	ck_assert_ds_err(ds_registry_code_parse(&value, DS_CODE_SUBJECT_TYPE, "unspecified"), DS_EINVAL);
	ck_assert_str_eq(ds_registry_code_name(DS_CODE_STATE, DS_STATE_OBJECTION), "objection");
	ck_assert_str_eq(ds_registry_code_label(DS_CODE_STATE, DS_STATE_REJECTED), "不予登记");
	ck_assert_ptr_null(ds_registry_code_name(DS_CODE_STATE, 12));
	ck_assert_ptr_null(ds_registry_code_name((ds_registry_code)9, 0));
}
END_TEST

/* ---------------------------------------------------------------- store */

START_TEST(create_and_open)
{
	ds_registry *other = NULL;
	char missing[1200];
	ck_assert_str_eq(ds_registry_name(reg), "济南市数据资产登记平台");
	ck_assert_str_eq(ds_registry_region(reg), "370100");
	ck_assert_ds_err(ds_registry_create(&other, db, "again", "370100", NULL), DS_EEXISTS);
	ck_assert_ptr_null(other);
	ck_assert_ds_ok(ds_registry_open(&other, db, NULL));
	ck_assert_str_eq(ds_registry_region(other), "370100");
	ds_registry_free(other);
	other = NULL;
	location(missing, sizeof missing, "missing");
	ck_assert_ds_err(ds_registry_open(&other, missing, NULL), DS_ENOTFOUND);
	ck_assert_int_ne(access(missing, F_OK), 0);
	ck_assert_ds_err(ds_registry_create(&other, missing, "x", "3701", NULL), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "region");
	ck_assert_ds_err(ds_registry_create(&other, missing, "", "370100", NULL), DS_EINVAL);
	ck_assert_ptr_null(other);
	ds_registry_free(NULL);
	/* Someone else's database is left alone; a file that is not SQLite is refused. */
	if (!pg_base) {
		ds__store *store = NULL;
		ds__store_config config = { 1, 0, DS__STORE_SYNC_FULL, "other" };
		static const ds__store_migration none[] = { { 0, "", NULL, NULL } };
		FILE *f;
		ck_assert_ds_ok(ds__store_open(&store, missing, &config, none, 0));
		ck_assert_ds_ok(ds__store_exec(store, "CREATE TABLE theirs (x)"));
		ds__store_close(store);
		ck_assert_ds_err(ds_registry_open(&other, missing, NULL), DS_ENOTFOUND);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "holds no registry database"));
		ck_assert_ds_ok(ds__store_open(&store, missing, &config, none, 0));
		ck_assert_ds_err(ds__store_exec(store, "SELECT * FROM registry"), DS_EDB);
		ck_assert_str_eq(ds_error_last()->cause_library, "sqlite");
		ck_assert_int_eq(ds_error_last()->cause_code, 1); /* SQLITE_ERROR: no such table */
		ds__store_close(store);
		ck_assert_ptr_nonnull(f = fopen(missing, "wb"));
		fputs("this is not a database, just some text that is long enough to be read as a header...", f);
		fclose(f);
		ck_assert_ds_err(ds_registry_open(&other, missing, NULL), DS_EDB);
		ck_assert_int_eq(ds_error_last()->cause_code, 26); /* SQLITE_NOTADB */
		ck_assert_ptr_null(other);
	}
}
END_TEST

START_TEST(refuses_newer_schema)
{
	ds_registry *other = NULL;
	set_schema_version(reg->store, 99);
	ck_assert_ds_err(ds_registry_open(&other, db, NULL), DS_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "schema version 99 is newer"));
	ck_assert_ptr_null(other);
	/* The newest version, not the count: the numbering may have gaps (9 is on another branch). */
	set_schema_version(reg->store, ds__registry_migrations[ds__registry_migration_count - 1].version);
	ck_assert_ds_ok(ds_registry_open(&other, db, NULL));
	ds_registry_free(other);
}
END_TEST

START_TEST(migrates_from_version_1)
{
	ds__store *store = NULL;
	ds__store_config config = { 1, 0, DS__STORE_SYNC_FULL, "test" };
	ds_registry *old = NULL;
	char path[400];
	int version = 0;
	snprintf(path, sizeof path, "%s/v1.db", dir);
	/* A file written by a library that knew only the first schema, with data in it. */
	ck_assert_ds_ok(ds__store_open(&store, path, &config, ds__registry_migrations, 1));
	ck_assert_ds_ok(ds__store_schema_version(store, &version));
	ck_assert_int_eq(version, 1);
	ck_assert_ds_ok(ds__store_exec(store,
				       "INSERT INTO registry VALUES (1, 'old', '370100', '2024-01-01T00:00:00Z');"
				       "INSERT INTO subjects VALUES ('" SELLER "', 'old co', 3, '350100', 'x')"));
	ds__store_close(store);
	ck_assert_ds_ok(ds_registry_open(&old, path, NULL));
	ck_assert_str_eq(ds_registry_name(old), "old");
	ds_registry_free(reg);
	reg = old;
	ck_assert_ds_ok(ds__store_schema_version(reg->store, &version));
	ck_assert_int_eq(version, ds__registry_migrations[ds__registry_migration_count - 1].version);
	ck_assert_int_eq(count_rows("trades"), 0);
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_int_eq(count_rows("subjects"), 1);
}
END_TEST

START_TEST(batch)
{
	int64_t events = count_rows("events");
	ck_assert_ds_ok(ds_registry_begin(reg));
	ck_assert_ds_err(ds_registry_begin(reg), DS_ESTATE);
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	/* A failing call inside the batch undoes only itself. */
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "dup", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_rollback(reg));
	ck_assert_unchanged(events);
	ck_assert_ds_err(ds_registry_commit(reg), DS_ESTATE);
	ck_assert_ds_ok(ds_registry_begin(reg));
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(count_rows("registrations"), 1);
}
END_TEST

static int64_t state_of(int64_t id);

/* A bulk batch: no savepoint per call; the same result when nothing fails;
 * a call that fails after writing breaks the batch, which then commits nothing. */
START_TEST(bulk_batch)
{
	int64_t events = count_rows("events"), id;
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	ck_assert_ds_err(ds_registry_begin(reg), DS_ESTATE);
	ck_assert_ds_err(ds_registry_begin_bulk(reg), DS_ESTATE);
	id = registered(DS_REG_PRODUCT);
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(count_rows("registrations"), 2);
	ck_assert_int_eq(state_of(id), DS_STATE_REGISTERED);
	ck_assert_int_eq(count_rows("certificates"), 1);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	/* A refusal before any write (invalid input) does not break it. */
	events = count_rows("events");
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	ck_assert_ds_err(ds_registry_subject_add(reg, "91350100M000100Y44", "bad check", DS_SUBJECT_UNSPECIFIED),
			 DS_EINVAL);
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(count_rows("registrations"), 3);
	/* A failure inside the transaction breaks it: later calls and the commit are refused, nothing stays. */
	events = count_rows("events");
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "dup", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	ck_assert_ds_err(advance(id, DS_STATE_CORRECTED, at(2025, 4, 1, 9)), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "bulk batch"));
	ck_assert_ds_err(ds_registry_commit(reg), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "the whole batch was rolled back"));
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("registrations"), 3);
	ck_assert_int_eq(state_of(id), DS_STATE_REGISTERED);
	/* The handle works normally again, and an explicit rollback ends a broken batch too. */
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "dup", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	ck_assert_ds_ok(ds_registry_rollback(reg));
	ck_assert_unchanged(events);
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_int_eq(count_rows("registrations"), 4);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}
END_TEST

/* Inside a batch the registry keeps what it wrote or read (a registration's
 * workflow facts, the current key id, the compliance requirement, the last
 * working-day sum) instead of reading it back per call: a write of any of
 * them in the same batch, and a call that fails and is undone, must be seen
 * by the next call. */
START_TEST(batch_reads_stay_true)
{
	ds_registration *a = NULL, *b = NULL;
	ds_certificate_report *report = NULL;
	ds_key *key = NULL;
	char calendar[1300], *sm2 = NULL, *ed = NULL, *xml = NULL, expected[11];
	int64_t first, second, third;
	FILE *f;

	ck_assert_ds_ok(ds_registry_begin(reg));
	first = registered(DS_REG_PRODUCT);
	/* A calendar loaded in the batch: 2025-03-04 to 03-07 off. The sum made
	 * for the first registration's 公示 is not reused by the next. */
	snprintf(calendar, sizeof calendar, "%s/holidays.xml", dir);
	ck_assert_ptr_nonnull(f = fopen(calendar, "w"));
	fputs("<calendar xmlns=\"urn:datasset:registry:1\" name=\"test\">\n", f);
	fputs("  <day date=\"2025-03-04\" type=\"holiday\" name=\"t\"/><day date=\"2025-03-05\" type=\"holiday\" name=\"t\"/>\n",
	      f);
	fputs("  <day date=\"2025-03-06\" type=\"holiday\" name=\"t\"/><day date=\"2025-03-07\" type=\"holiday\" name=\"t\"/>\n",
	      f);
	fputs("</calendar>\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ds_ok(ds_registry_load_calendar(NULL, reg, calendar));
	third = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	ck_assert_ds_ok(advance(third, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	ck_assert_ds_ok(advance(third, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_ok(advance(third, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)));
	/* A requirement set in the batch applies to the next gate. */
	ck_assert_ds_ok(ds_registry_compliance_require(reg, DS_REG_PRODUCT, "list", "cn-2025", "平台管理员"));
	second = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	ck_assert_ds_ok(advance(second, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	ck_assert_ds_ok(advance(second, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_err(advance(second, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "needs a compliance assessment"));
	ck_assert_ds_ok(ds_registry_compliance_require(reg, DS_REG_PRODUCT, NULL, NULL, "平台管理员"));
	ck_assert_ds_ok(advance(second, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)));
	/* A key of the other profile: registering fails after the transition
	 * was written, and is undone; the registration is still in 公示. */
	ck_assert_ds_ok(ds_registry_key_generate(&sm2, reg, DS_SIG_SM2_SM3));
	ck_assert_ds_err(advance(second, DS_STATE_REGISTERED, at(2025, 3, 31, 9)), DS_ESTATE);
	ck_assert_int_eq(second, 3);
	ck_assert_int_eq(query_int("SELECT state FROM registrations WHERE id = 3"), DS_STATE_PUBLICITY);
	/* A new key in the batch signs what follows. */
	ck_assert_ds_ok(ds_registry_key_generate(&ed, reg, DS_SIG_ED25519));
	ck_assert_ds_ok(advance(second, DS_STATE_REGISTERED, at(2025, 3, 31, 9)));
	ck_assert_ds_ok(advance(third, DS_STATE_REGISTERED, at(2025, 3, 31, 9)));
	ck_assert_ds_ok(ds_registry_commit(reg));
	/* Outside any transaction: nothing kept, the calendar as stored. */
	ck_assert_ds_ok(ds_registry_add_working_days(expected, reg, "2025-03-03", 10));
	ck_assert_ds_ok(ds_registry_get(&a, reg, first));
	ck_assert_ds_ok(ds_registry_get(&b, reg, third));
	ck_assert_str_eq(b->publicity_end, expected);
	ds_free(b);
	ck_assert_ds_ok(ds_registry_get(&b, reg, second));
	ck_assert_int_eq(a->state, DS_STATE_REGISTERED);
	ck_assert_int_eq(b->state, DS_STATE_REGISTERED);
	ck_assert_str_eq(b->publicity_end, expected);
	ck_assert_str_ne(a->publicity_end, b->publicity_end);
	ck_assert_ptr_nonnull(b->certificate);
	ck_assert_int_eq(query_int("SELECT COUNT(*) FROM transitions WHERE to_state = 6"), 3);
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, ed));
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, third));
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_certificate_report_free(report);
	ds_key_free(key);
	ds_free(xml);
	ds_free(a);
	ds_free(b);
	ds_free(sm2);
	ds_free(ed);
}
END_TEST

/* ---------------------------------------------------------------- registrants */

START_TEST(subjects)
{
	ds_subject *s = NULL;
	size_t n = 0;
	ck_assert_ds_ok(ds_registry_subject_get(&s, reg, "91350100m000100y43"));
	ck_assert_str_eq(s->name, "测试企业");
	ck_assert_int_eq(s->type, DS_SUBJECT_ENTERPRISE);
	ck_assert_str_eq(s->region, "350100");
	ds_free(s);
	ck_assert_ds_ok(ds_registry_subject_add(reg, "11370100MB0000001A", "济南市大数据局", DS_SUBJECT_UNSPECIFIED));
	ck_assert_ds_ok(ds_registry_subject_get(&s, reg, "11370100MB0000001A"));
	ck_assert_int_eq(s->type, DS_SUBJECT_AGENCY);
	ds_free(s);
	ck_assert_ds_ok(ds_registry_subject_list(&s, &n, reg, 0, 0));
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(s[0].code, "11370100MB0000001A");
	ck_assert_str_eq(s[2].code, BUYER);
	ds_free(s);
	ck_assert_ds_ok(ds_registry_subject_list(&s, &n, reg, 1, 1));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(s[0].code, SELLER);
	ds_free(s);
	ck_assert_ds_ok(ds_registry_subject_list(&s, &n, reg, 5, 0));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(s);
	ck_assert_ds_err(ds_registry_subject_get(&s, reg, "91110000600037341L"), DS_ENOTFOUND);
}
END_TEST

START_TEST(subject_bad_input)
{
	int64_t events = count_rows("events");
	char *long_name = malloc(30001);
	size_t i;
	for (i = 0; i < 10000; i++)
		memcpy(long_name + i * 3, "\xE5\x90\x8D", 3); /* 名 */
	long_name[30000] = '\0';
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "重复", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, SELLER));
	ck_assert_ds_err(ds_registry_subject_add(reg, "91350100M000100Y44", "x", DS_SUBJECT_UNSPECIFIED), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 18);
	ck_assert_ds_err(ds_registry_subject_add(reg, "91110000600037341L", long_name, DS_SUBJECT_UNSPECIFIED),
			 DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "name");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "10000 characters"));
	ck_assert_ds_err(ds_registry_subject_add(reg, "91110000600037341L", "bad\xC3", DS_SUBJECT_UNSPECIFIED),
			 DS_EPARSE);
	ck_assert_ds_err(ds_registry_subject_add(reg, "91110000600037341L", "tab\there", DS_SUBJECT_UNSPECIFIED),
			 DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 4);
	ck_assert_ds_err(ds_registry_subject_add(reg, "91110000600037341L", "", DS_SUBJECT_UNSPECIFIED), DS_EINVAL);
	ck_assert_ds_err(ds_registry_subject_add(reg, "91110000600037341L", "x", (ds_subject_type)9), DS_EINVAL);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("subjects"), 2);
	/* SQL metacharacters are data. */
	ck_assert_ds_ok(
		ds_registry_subject_add(reg, "91110000600037341L", "x'); DROP TABLE subjects; --", DS_SUBJECT_OTHER));
	ck_assert_int_eq(count_rows("subjects"), 3);
	free(long_name);
}
END_TEST

/* ---------------------------------------------------------------- applications */

START_TEST(apply_bad_input)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	int64_t id = 77, events = count_rows("events");
	req.subject = SELLER;
	req.entry_path = fixture("entry.xml");

	req.subject = "91110000600037341L";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_ENOTFOUND);
	ck_assert_str_eq(ds_error_last()->field, "subject");
	req.subject = "91110000600037341M";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->column, 18);
	req.subject = SELLER;
	req.entry_path = fixture("not-entry.xml");
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "not a catalogue entry"));
	ck_assert_int_eq(ds_error_last()->line, 2);
	req.entry_path = fixture("missing.xml");
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EIO);
	req.entry_path = NULL;
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "missing <title>"));
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><title>T</title></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "missing <identifier>"));
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><title>T</title>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	/* The entry is read by the catalogue module: its schema and rules apply,
	 * and errors name the line and the field path inside the entry. */
	req.entry_xml = "<catalog xmlns='urn:datasset:catalog:1'>\n<resource><identifier>X</identifier>"
			"<title>T</title></resource></catalog>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "not a catalogue entry"));
	ck_assert_str_eq(ds_error_last()->field, "catalog");
	req.entry_xml = "<resource xmlns='urn:datasset:probe:1'><identifier>X</identifier><title>T</title></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "not a catalogue entry"));
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'>\n<title>T</title>\n<identifier>X</identifier>"
			"</resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->line, 3);
	ck_assert_str_eq(ds_error_last()->field, "resource/identifier");
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier><title>T</title>\n"
			"<keyword>a</keyword>\n<keyword> </keyword></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->line, 3);
	ck_assert_str_eq(ds_error_last()->field, "resource/keyword[2]");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "empty"));
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier><title>T</title>"
			"<items>\n<item name='a' type='字符型'/>\n<item name='b' length='-1'/></items></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->line, 3);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->field, "resource/items/item[2]"));
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier><title>T</title>"
			"<items><item name=''/></items></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_str_eq(ds_error_last()->field, "resource/items/item");
	req.entry_xml = "<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier><title>T</title>"
			"<extension ns='urn:x' key='k'>1</extension>\n<extension ns='urn:x' key='k'>2</extension>"
			"</resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EEXISTS);
	ck_assert_int_eq(ds_error_last()->line, 2);
	ck_assert_str_eq(ds_error_last()->field, "resource/extension[2]/@key");
	req.entry_xml =
		"<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier><title> </title></resource>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "missing <title>"));
	ck_assert_str_eq(ds_error_last()->field, "resource");
	req.entry_xml =
		"<resource xmlns='urn:datasset:catalog:1'><identifier>X</identifier><title>T</title></resource>";
	req.kind = (ds_reg_kind)4;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "kind");
	req.kind = DS_REG_PRODUCT;
	req.type = DS_REG_CHANGE;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "changes");
	req.changes = 42;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_ENOTFOUND);
	req.type = DS_REG_FIRST;
	req.changes = 0;
	req.scope = "bad\x01scope";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "scope");
	req.scope = NULL;
	req.version = 99;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	req.version = DS_REGISTRATION_REQUEST_VERSION;
	req.probe_path = fixture("valuation.xml");
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "is not a probe report"));
	{
		char *probe = strdup(fixture("probe.xml")); /* fixture() returns one static buffer */
		req.probe_path = probe;
		req.valuation_path = fixture("missing.xml");
		ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EIO);
		ck_assert_str_eq(ds_error_last()->field, "valuation");
		free(probe);
	}
	req.probe_path = req.valuation_path = NULL;
	ck_assert_int_eq(id, 77);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("registrations"), 0);
	/* The entry text is stored verbatim; --entry-id overrides the identifier. */
	req.version = DS_REGISTRATION_REQUEST_VERSION;
	req.entry_id = "OVERRIDE-1";
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	{
		char *xml = NULL;
		ds_registration *r = NULL;
		ck_assert_ds_ok(ds_registry_document(&xml, reg, id, DS_DOCUMENT_ENTRY));
		ck_assert_str_eq(xml, req.entry_xml);
		ds_free(xml);
		xml = NULL;
		ck_assert_ds_err(ds_registry_document(&xml, reg, id, DS_DOCUMENT_PROBE), DS_ENOTFOUND);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has no probe report"));
		ck_assert_ds_err(ds_registry_document(&xml, reg, 999, DS_DOCUMENT_ENTRY), DS_ENOTFOUND);
		ck_assert_ds_err(ds_registry_document(&xml, reg, id, DS_DOCUMENT_ASSESSMENT), DS_ENOTFOUND);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "has no compliance assessment"));
		ck_assert_ds_err(ds_registry_document(&xml, reg, id, (ds_registry_document_kind)4), DS_EINVAL);
		ck_assert_ptr_null(xml);
		ck_assert_ds_ok(ds_registry_get(&r, reg, id));
		ck_assert_str_eq(r->entry_id, "OVERRIDE-1");
		ck_assert_str_eq(r->entry_title, "T");
		ck_assert_int_eq(r->state, DS_STATE_SUBMITTED);
		ck_assert_ptr_null(r->certificate);
		ds_free(r);
	}
	/* A probe report and a valuation result are stored verbatim with the registration. */
	{
		char *xml = NULL, *file = NULL;
		FILE *f;
		long size;
		char *probe = strdup(fixture("probe.xml"));
		req.probe_path = probe;
		req.valuation_path = fixture("valuation.xml");
		ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
		free(probe);
		ck_assert_ds_ok(ds_registry_document(&xml, reg, id, DS_DOCUMENT_VALUATION));
		ck_assert_ptr_nonnull(f = fopen(fixture("valuation.xml"), "rb"));
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		rewind(f);
		file = calloc(1, (size_t)size + 1);
		ck_assert_int_eq(fread(file, 1, (size_t)size, f), size);
		fclose(f);
		ck_assert_str_eq(xml, file);
		free(file);
		ds_free(xml);
		ck_assert_ds_ok(ds_registry_document(&xml, reg, id, DS_DOCUMENT_PROBE));
		ck_assert_ptr_nonnull(strstr(xml, "urn:datasset:probe:1"));
		ds_free(xml);
	}
}
END_TEST

/* ---------------------------------------------------------------- the state machine */

static const int legal_pairs[][2] = {
	{ DS_STATE_DRAFT, DS_STATE_SUBMITTED },	     { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED },
	{ DS_STATE_SUBMITTED, DS_STATE_WITHDRAWN },  { DS_STATE_ACCEPTED, DS_STATE_REVIEW },
	{ DS_STATE_ACCEPTED, DS_STATE_WITHDRAWN },   { DS_STATE_REVIEW, DS_STATE_PUBLICITY },
	{ DS_STATE_REVIEW, DS_STATE_REJECTED },	     { DS_STATE_PUBLICITY, DS_STATE_REGISTERED },
	{ DS_STATE_PUBLICITY, DS_STATE_OBJECTION },  { DS_STATE_OBJECTION, DS_STATE_REVIEW },
	{ DS_STATE_OBJECTION, DS_STATE_REJECTED },   { DS_STATE_REGISTERED, DS_STATE_CHANGED },
	{ DS_STATE_REGISTERED, DS_STATE_CORRECTED }, { DS_STATE_REGISTERED, DS_STATE_CANCELLED },
};
#define LEGAL_COUNT (sizeof legal_pairs / sizeof legal_pairs[0])

/* A path from creation to each state (draft-created registrations start at DRAFT). */
static const int paths[][8] = {
	[DS_STATE_DRAFT] = { -1 },
	[DS_STATE_SUBMITTED] = { DS_STATE_SUBMITTED, -1 },
	[DS_STATE_ACCEPTED] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, -1 },
	[DS_STATE_REVIEW] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, -1 },
	[DS_STATE_PUBLICITY] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY, -1 },
	[DS_STATE_OBJECTION] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
				 DS_STATE_OBJECTION, -1 },
	[DS_STATE_REGISTERED] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
				  DS_STATE_REGISTERED, -1 },
	[DS_STATE_REJECTED] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_REJECTED, -1 },
	[DS_STATE_WITHDRAWN] = { DS_STATE_SUBMITTED, DS_STATE_WITHDRAWN, -1 },
	[DS_STATE_CHANGED] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
			       DS_STATE_REGISTERED, DS_STATE_CHANGED, -1 },
	[DS_STATE_CORRECTED] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
				 DS_STATE_REGISTERED, DS_STATE_CORRECTED, -1 },
	[DS_STATE_CANCELLED] = { DS_STATE_SUBMITTED, DS_STATE_ACCEPTED, DS_STATE_REVIEW, DS_STATE_PUBLICITY,
				 DS_STATE_REGISTERED, DS_STATE_CANCELLED, -1 },
};

/* Three weeks per step after 2025-03-03, so REGISTERED comes after the publicity period. */
static int64_t step_time(int step)
{
	return at(2025, 3, 3, 9) + (int64_t)step * 21 * 86400;
}

/* A new registration (created as a draft) brought to @state. */
static int64_t in_state(int state)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	int64_t id = 0;
	int i;
	req.subject = SELLER;
	req.kind = DS_REG_RESOURCE;
	req.right = DS_RIGHT_HOLDING;
	req.entry_path = fixture("entry.xml");
	req.draft = 1;
	req.at = step_time(0);
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	for (i = 0; paths[state][i] >= 0; i++)
		ck_assert_ds_ok(advance(id, (ds_reg_state)paths[state][i], step_time(i + 1)));
	return id;
}

static int is_legal(int from, int to)
{
	size_t i;
	for (i = 0; i < LEGAL_COUNT; i++)
		if (legal_pairs[i][0] == from && legal_pairs[i][1] == to)
			return 1;
	return 0;
}

START_TEST(every_transition)
{
	int from, to, legal = 0, illegal = 0;
	for (from = DS_STATE_DRAFT; from <= DS_STATE_CANCELLED; from++) {
		int64_t id = in_state(from);
		for (to = DS_STATE_DRAFT; to <= DS_STATE_CANCELLED; to++) {
			ds_registration *r = NULL;
			if (is_legal(from, to))
				continue;
			{
				int64_t events = count_rows("events"), transitions = count_rows("transitions");
				int rc = advance(id, (ds_reg_state)to, step_time(20));
				ck_assert_msg(rc == DS_ESTATE, "%s -> %s gave %s",
					      ds_registry_code_name(DS_CODE_STATE, from),
					      ds_registry_code_name(DS_CODE_STATE, to), ds_strerror(rc));
				ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "cannot go from"));
				ck_assert_unchanged(events);
				ck_assert_int_eq(count_rows("transitions"), transitions);
			}
			ck_assert_ds_ok(ds_registry_get(&r, reg, id));
			ck_assert_int_eq(r->state, from);
			ds_free(r);
			illegal++;
		}
	}
	for (from = 0; from < (int)LEGAL_COUNT; from++) {
		int64_t id = in_state(legal_pairs[from][0]);
		ds_registration *r = NULL;
		ds_transition *h = NULL;
		size_t n = 0;
		ck_assert_ds_ok(advance(id, (ds_reg_state)legal_pairs[from][1], step_time(20)));
		ck_assert_ds_ok(ds_registry_get(&r, reg, id));
		ck_assert_int_eq(r->state, legal_pairs[from][1]);
		ds_free(r);
		ck_assert_ds_ok(ds_registry_history(&h, &n, reg, id));
		ck_assert_int_eq(h[n - 1].from, legal_pairs[from][0]);
		ck_assert_int_eq(h[n - 1].to, legal_pairs[from][1]);
		ck_assert_str_eq(h[n - 1].actor, "审核员 张三");
		ck_assert_str_eq(h[n - 1].evidence, "申请表.pdf");
		ck_assert_int_eq(h[0].from, -1);
		ds_free(h);
		legal++;
	}
	ck_assert_int_eq(legal, 14);
	ck_assert_int_eq(illegal, 12 * 12 - 14);
}
END_TEST

START_TEST(transition_rules)
{
	int64_t id = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9)), events;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_registration *r = NULL;
	ck_assert_ds_err(advance(999, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)), DS_ENOTFOUND);
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	events = count_rows("events");
	/* Time never goes backwards. */
	ck_assert_ds_err(advance(id, DS_STATE_REVIEW, at(2025, 3, 3, 9)), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "at");
	/* Actor and reason are required. */
	t.reason = "r";
	ck_assert_ds_err(ds_registry_advance(reg, id, DS_STATE_REVIEW, &t), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "actor");
	t.actor = "a";
	t.reason = NULL;
	ck_assert_ds_err(ds_registry_advance(reg, id, DS_STATE_REVIEW, &t), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "reason");
	t.reason = "r";
	ck_assert_ds_err(ds_registry_advance(reg, id, (ds_reg_state)12, &t), DS_EINVAL);
	ck_assert_unchanged(events);
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	/* Publicity: 10 working days after Monday 2025-03-03 end on Monday 2025-03-17. */
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)));
	events = count_rows("events");
	ck_assert_ds_err(advance(id, DS_STATE_REGISTERED, at(2025, 3, 17, 23)), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "runs until 2025-03-17"));
	ck_assert_unchanged(events);
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	ck_assert_str_eq(r->publicity_start, "2025-03-03");
	ck_assert_str_eq(r->publicity_end, "2025-03-17");
	ck_assert_ptr_null(r->certificate);
	ds_free(r);
	ck_assert_ds_ok(advance(id, DS_STATE_REGISTERED, at(2025, 3, 18, 0)));
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	ck_assert_str_eq(r->registered, "2025-03-18");
	ck_assert_str_eq(r->certificate, "370100-2025-P-00000001-M");
	ck_assert_ds_ok(ds_certificate_number_check(r->certificate));
	ck_assert_uint_eq(strlen(r->query_code), 19);
	ds_free(r);
}
END_TEST

START_TEST(objection_restarts_publicity)
{
	int64_t id = apply_at(DS_REG_RESOURCE, at(2025, 9, 26, 9));
	ds_registration *r = NULL;
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 9, 26, 10)));
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, at(2025, 9, 26, 11)));
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, at(2025, 9, 26, 12)));
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	/* From Friday 2025-09-26: 28th (调休 Sunday) 29 30, the 国庆 week, 9 10 11 (调休 Saturday) 13 14 15 16. */
	ck_assert_str_eq(r->publicity_end, "2025-10-16");
	ds_free(r);
	ck_assert_ds_ok(advance(id, DS_STATE_OBJECTION, at(2025, 10, 9, 9)));
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, at(2025, 10, 10, 9)));
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, at(2025, 10, 10, 10)));
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	ck_assert_str_eq(r->publicity_start, "2025-10-10");
	ck_assert_str_eq(r->publicity_end, "2025-10-23"); /* 10-11 is an adjusted working Saturday */
	ds_free(r);
}
END_TEST

static const struct {
	const char *start;
	int days;
	const char *end;
} working_day_cases[] = {
	{ "2025-03-03", 10, "2025-03-17" }, /* plain weeks */
	{ "2025-03-07", 1, "2025-03-10" },  /* Friday → Monday */
	{ "2025-03-08", 1, "2025-03-10" },  /* from a Saturday */
	{ "2025-03-03", 0, "2025-03-03" },
	{ "2025-01-23", 10, "2025-02-12" }, /* 春节 2025 with 调休 on 01-26 and 02-08 */
	{ "2024-09-27", 10, "2024-10-16" }, /* 国庆 2024 with 调休 on 09-29 and 10-12 */
	{ "2024-12-30", 2, "2025-01-02" },  /* 元旦 across the year */
	{ "2025-04-30", 1, "2025-05-06" },  /* 劳动节 2025 */
	{ "2026-02-13", 3, "2026-02-25" },  /* 春节 2026 (official calendar): 02-14 worked, 02-16..02-23 off */
	{ "2025-01-27", 1, "2025-02-05" },  /* 春节 2025: 01-28..02-04 off */
	{ "2025-01-24", 1, "2025-01-26" },  /* 2025-01-26 (Sunday) is worked */
	{ "2025-02-07", 1, "2025-02-08" },  /* 2025-02-08 (Saturday) is worked */
};

/* One chain without glue: a catalogue entry object, a probe report and a
 * computed valuation in memory go into the application; the certificate
 * carries the report's scale, time coverage and GB/T 36344 indicators; times
 * are ISO 8601 text. */
START_TEST(objects_into_apply)
{
	ds_catalog *catalog = NULL;
	const ds_resource *entry = NULL;
	ds_probe *probe = NULL;
	ds_valuation *valuation = NULL;
	ds_decimal *flows[2] = { NULL, NULL }, *rate = NULL;
	ds_valuation_income_params p = DS_VALUATION_INCOME_PARAMS_INIT;
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_registration *r = NULL;
	char *xml = NULL, *cert = NULL, *text = NULL;
	int64_t id = 0, events;
	size_t index;
	static const char *const states_times[][2] = { { "accepted", "2025-03-03T10:00:00+08:00" },
						       { "review", "2025-03-03T03:00:00Z" },
						       { "publicity", "2025-03-03T12:00" } };
	int i;

	{
		char path[1024];
		snprintf(path, sizeof path, "%s/examples/data/catalog-jinan.xml",
			 getenv("top_srcdir") ? getenv("top_srcdir") : ".");
		ck_assert_ds_ok(ds_catalog_load(&catalog, path));
	}
	ck_assert_ds_ok(ds_catalog_find(&index, catalog, "30101/11370100MB1E28330Y-00001"));
	ck_assert_ds_ok(ds_catalog_at(&entry, catalog, index));
	/* The entry's text, for whoever needs it, reads back equal. */
	ck_assert_ds_ok(ds_catalog_entry_xml(&xml, catalog, "30101/11370100MB1E28330Y-00001"));
	ck_assert_ptr_nonnull(strstr(xml, "<resource xmlns=\"urn:datasset:catalog:1\">"));
	{
		/* A catalogue holding the same element reads back an equal entry. */
		static const char open_tag[] = "<resource xmlns=\"urn:datasset:catalog:1\"";
		ds_catalog *back = NULL;
		const ds_resource *again = NULL;
		char *doc = malloc(strlen(xml) + 100);
		sprintf(doc, "<catalog xmlns=\"urn:datasset:catalog:1\"><resource%s</catalog>",
			strstr(xml, open_tag) + strlen(open_tag));
		ck_assert_ds_ok(ds_catalog_parse(&back, doc, strlen(doc), "entry"));
		ck_assert_ds_ok(ds_catalog_at(&again, back, 0));
		ck_assert_int_eq(ds_resource_equal(entry, again), 1);
		free(doc);
		ds_catalog_free(back);
	}
	ds_free(xml);
	xml = NULL;
	ck_assert_ds_err(ds_catalog_entry_xml(&xml, catalog, "no-such-id"), DS_ENOTFOUND);
	ck_assert_ptr_null(xml);

	ck_assert_ds_ok(ds_probe_load(&probe, fixture("probe.xml")));
	ck_assert_ds_ok(ds_decimal_new(&flows[0]));
	ck_assert_ds_ok(ds_decimal_new(&flows[1]));
	ck_assert_ds_ok(ds_decimal_new(&rate));
	ck_assert_ds_ok(ds_decimal_parse(flows[0], "100000", 0));
	ck_assert_ds_ok(ds_decimal_parse(flows[1], "110000", 0));
	ck_assert_ds_ok(ds_decimal_parse(rate, "0.1", 0));
	p.periods = 2;
	p.income = flows;
	p.rates = &rate;
	p.n_rates = 1;
	ck_assert_ds_ok(ds_valuation_new(&valuation));
	ck_assert_ds_ok(ds_valuation_income(valuation, &p, NULL));

	req.subject = SELLER;
	req.kind = DS_REG_ASSET;
	req.entry = entry;
	req.probe = probe;
	req.valuation = valuation;
	req.time = "2025-03-03T09:00:00+08:00";
	/* Each class of bad input, refused with its field, nothing written. */
	events = count_rows("events");
	req.scale_records = 5;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "scale_records");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "counted 4"));
	req.scale_records = 4;
	req.scale_fields = 2;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "scale_fields");
	req.scale_fields = 3;
	req.coverage_period = "2023-01-01/2024-12-31";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "coverage_period");
	req.coverage_period = "2023-01-05/2024-12-25";
	req.quality_summary = "优";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "quality_summary");
	req.quality_summary = NULL;
	req.entry_xml = "<resource/>";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "entry");
	req.entry_xml = NULL;
	req.probe_path = fixture("probe.xml");
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "probe");
	req.probe_path = NULL;
	req.at = 1740963600;
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "time");
	req.at = 0;
	req.time = "2025-03-03 25:00";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "time");
	ck_assert_int_eq(ds_error_last()->column, 12);
	req.time = "2025-03-03T09:00:00+08:00";
	ck_assert_unchanged(events);
	ck_assert_int_eq(id, 0);

	req.coverage_region = "济南市";
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	ck_assert_str_eq(r->applied, "2025-03-03");
	ck_assert_str_eq(r->updated, "2025-03-03T01:00:00Z");
	ck_assert_str_eq(r->entry_id, "30101/11370100MB1E28330Y-00001");
	ds_free(r);
	/* The stored attachments are the library's own documents. */
	ck_assert_ds_ok(ds_registry_document(&xml, reg, id, DS_DOCUMENT_VALUATION));
	ck_assert_ptr_nonnull(strstr(xml, "<valuationResult"));
	ck_assert_ptr_nonnull(strstr(xml, "kind=\"income\""));
	ck_assert_ptr_nonnull(strstr(xml, "<baseDate>2025-03-03</baseDate>"));
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_document(&xml, reg, id, DS_DOCUMENT_PROBE));
	ck_assert_ptr_nonnull(strstr(xml, "rows=\"4\""));
	ds_free(xml);

	/* The same instant three ways: +08:00, Z, and no offset (China Standard Time). */
	t.actor = "审核员";
	t.reason = "ok";
	for (i = 0; i < 3; i++) {
		int state = 0;
		t.time = states_times[i][1];
		ck_assert_ds_ok(ds_registry_code_parse(&state, DS_CODE_STATE, states_times[i][0]));
		ck_assert_ds_ok(ds_registry_advance(reg, id, (ds_reg_state)state, &t));
	}
	t.time = "2025-03-18T09:00:00+08:00";
	ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_REGISTERED, &t));
	ck_assert_ds_ok(ds_registry_certificate(&cert, reg, id));
	/* Scale, coverage and quality come from the probe report, not 未申报. */
	ck_assert_msg(strstr(cert, "records=\"4\"") && strstr(cert, "fields=\"3\""), "%s", cert);
	ck_assert_msg(strstr(cert, "2023-01-05/2024-12-25 (探查报告 (probe report))") != NULL, "%s", cert);
	ck_assert_msg(
		strstr(cert, "GB/T 36344-2018 (探查报告): 规范性 100.00, 完整性 91.67, 准确性 100.00, 时效性 未评估") !=
			NULL,
		"%s", cert);
	ck_assert_msg(strstr(cert, "济南市") != NULL, "%s", cert);
	{
		ds_certificate_report *report = NULL;
		char *pem = NULL;
		ds_key *key = NULL;
		ck_assert_ds_ok(ds_registry_public_key(&pem, reg, NULL));
		ck_assert_ds_ok(ds_key_parse(&key, pem, strlen(pem)));
		ck_assert_ds_ok(ds_certificate_verify(&report, cert, strlen(cert), key, NULL));
		ds_certificate_report_free(report);
		ds_key_free(key);
		ds_free(pem);
	}
	ds_free(cert);

	/* Without a report, declared figures are certified as declared. */
	ds_registration_request_init(&req, DS_REGISTRATION_REQUEST_VERSION);
	req.subject = SELLER;
	req.entry = entry;
	req.time = "2025-03-03T09:00";
	req.scale_records = 1200;
	req.scale_fields = 8;
	req.coverage_period = "2020-01-01/2024-12-31";
	req.quality_summary = "自评: 完整性 99%";
	ck_assert_ds_ok(ds_registry_apply(&id, reg, &req));
	for (i = 0; i < 3; i++) {
		int state = 0;
		t.time = states_times[i][1];
		ck_assert_ds_ok(ds_registry_code_parse(&state, DS_CODE_STATE, states_times[i][0]));
		ck_assert_ds_ok(ds_registry_advance(reg, id, (ds_reg_state)state, &t));
	}
	t.time = "2025-03-18T09:00:00+08:00";
	ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_REGISTERED, &t));
	ck_assert_ds_ok(ds_registry_certificate(&cert, reg, id));
	ck_assert_msg(strstr(cert, "records=\"1200\"") && strstr(cert, "2020-01-01/2024-12-31 (申报 (declared))") &&
			      strstr(cert, "自评: 完整性 99% (申报 (declared))"),
		      "%s", cert);
	ds_free(cert);
	req.coverage_period = "2024-12-31/2020-01-01";
	ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "coverage_period");

	ds_free(text);
	ds_valuation_free(valuation);
	ds_decimal_free(flows[0]);
	ds_decimal_free(flows[1]);
	ds_decimal_free(rate);
	ds_probe_free(probe);
	ds_catalog_free(catalog);
}
END_TEST

/* ISO 8601 times: the forms read, the offset default, and each bad form with its position. */
START_TEST(iso_times)
{
	static const struct {
		const char *text;
		int64_t seconds;
	} good[] = {
		{ "2025-03-03T09:00:00+08:00", 1740963600 },
		{ "2025-03-03T01:00:00Z", 1740963600 },
		{ "2025-03-03T09:00", 1740963600 },
		{ "2025-03-03 09:00:00", 1740963600 },
		{ "2025-03-03", 1740931200 },
		{ "2025-03-02T20:00:00-05:00", 1740963600 },
		{ "1970-01-01T00:00:00Z", 0 },
	};
	static const struct {
		const char *text;
		int column;
	} bad[] = {
		{ "", 1 },
		{ "2025-3-3", 9 },
		{ "2025-02-30", 1 },
		{ "2025-03-03X09:00", 11 },
		{ "2025-03-03T9:00", 12 },
		{ "2025-03-03T09:60", 12 },
		{ "2025-03-03T09:00:61", 18 },
		{ "2025-03-03T09:00+8", 17 },
		{ "2025-03-03T09:00Zx", 18 },
		{ "1969-12-31T23:00:00Z", 1 },
	};
	char out[DS_TIME_SIZE];
	int64_t value;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		value = -1;
		ck_assert_ds_ok(ds_time_parse(&value, good[i].text));
		ck_assert_msg(value == good[i].seconds, "%s: %lld", good[i].text, (long long)value);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		value = 42;
		ck_assert_ds_err(ds_time_parse(&value, bad[i].text), DS_EINVAL);
		ck_assert_msg(ds_error_last()->column == bad[i].column, "%s: column %d", bad[i].text,
			      ds_error_last()->column);
		ck_assert_int_eq(value, 42);
	}
	ck_assert_ds_ok(ds_time_format(out, 1740963600, 480));
	ck_assert_str_eq(out, "2025-03-03T09:00:00+08:00");
	ck_assert_ds_ok(ds_time_format(out, 1740963600, 0));
	ck_assert_str_eq(out, "2025-03-03T01:00:00Z");
	ck_assert_ds_ok(ds_time_format(out, 1740963600, -330));
	ck_assert_str_eq(out, "2025-03-02T19:30:00-05:30");
	ck_assert_ds_err(ds_time_format(out, -1, 0), DS_EINVAL);
	ck_assert_ds_err(ds_time_format(out, 0, 1440), DS_EINVAL);
}
END_TEST

/* The bundled official calendar: a new mainland registry counts by the State
 * Council's notices at once; a year no calendar covers is refused, naming the
 * year; weekends-only is a choice made when the registry is created. */
START_TEST(official_calendar)
{
	static const struct {
		const char *start;
		int days;
		const char *end;
	} cases[] = {
		{ "2025-01-27", 1, "2025-02-05" },  /* 春节 2025: 01-28..02-04 off (国办发明电〔2024〕12号) */
		{ "2025-01-24", 1, "2025-01-26" },  /* 01-26 (Sunday) worked */
		{ "2025-02-07", 1, "2025-02-08" },  /* 02-08 (Saturday) worked */
		{ "2025-01-23", 10, "2025-02-12" }, /* the issue's publicity: ends 02-12, not 02-06 */
		{ "2020-01-23", 1, "2020-02-03" },  /* 春节 2020 extended to 02-02 (国办发明电〔2020〕1号) */
		{ "2021-09-17", 1, "2021-09-18" },  /* 中秋 2021: 09-18 (Saturday) worked */
		{ "2022-09-30", 1, "2022-10-08" },  /* 国庆 2022: 10-08 (Saturday) worked */
		{ "2023-12-29", 1, "2024-01-02" },  /* 元旦 2024 */
		{ "2026-12-30", 1, "2026-12-31" },  /* the last day covered */
	};
	ds_registry *fresh = NULL, *weekends = NULL, *hk = NULL;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	char path[1200], out[11];
	size_t i, n = 0;

	location(path, sizeof path, "official");
	ck_assert_ds_ok(ds_registry_create(&fresh, path, "济南", "370100", NULL));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_ds_ok(ds_registry_add_working_days(out, fresh, cases[i].start, cases[i].days));
		ck_assert_msg(strcmp(out, cases[i].end) == 0, "%s + %d: %s, expected %s", cases[i].start, cases[i].days,
			      out, cases[i].end);
	}
	/* 2027's notice is not published: refused, naming the year, output untouched. */
	strcpy(out, "unchanged");
	ck_assert_ds_err(ds_registry_add_working_days(out, fresh, "2026-12-24", 10), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "calendar");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "run into 2027"));
	ck_assert_str_eq(out, "unchanged");
	ck_assert_ds_err(ds_registry_add_working_days(out, fresh, "2019-12-20", 5), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "2019"));
	/* 0 days counts nothing, so no year is needed. */
	ck_assert_ds_ok(ds_registry_add_working_days(out, fresh, "2031-05-05", 0));
	ck_assert_str_eq(out, "2031-05-05");
	/* Loading the bundled calendar again (NULL path) changes nothing. */
	ck_assert_ds_ok(ds_registry_load_calendar(&n, fresh, NULL));
	ck_assert_uint_eq(n, 175);
	ds_registry_free(fresh);

	/* Weekends only, chosen explicitly: every year is counted, no calendar is consulted or loaded. */
	location(path, sizeof path, "weekends");
	opts.calendar = DS_REGISTRY_CALENDAR_WEEKENDS_ONLY;
	ck_assert_ds_ok(ds_registry_create(&weekends, path, "济南", "370100", &opts));
	ck_assert_ds_ok(ds_registry_add_working_days(out, weekends, "2025-01-27", 1));
	ck_assert_str_eq(out, "2025-01-28");
	ck_assert_ds_ok(ds_registry_add_working_days(out, weekends, "2027-02-05", 1));
	ck_assert_str_eq(out, "2027-02-08");
	ck_assert_ds_err(ds_registry_load_calendar(&n, weekends, NULL), DS_ESTATE);
	ds_registry_free(weekends);
	weekends = NULL;
	/* The choice is the file's, not the handle's: reopened with defaults, still weekends only. */
	ck_assert_ds_ok(ds_registry_open(&weekends, path, NULL));
	ck_assert_ds_ok(ds_registry_add_working_days(out, weekends, "2027-02-05", 1));
	ck_assert_str_eq(out, "2027-02-08");
	ds_registry_free(weekends);
	opts.calendar = (ds_registry_calendar)7;
	location(path, sizeof path, "bad");
	ck_assert_ds_err(ds_registry_create(&weekends, path, "济南", "370100", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "calendar");

	/* Hong Kong (81xxxx) is not under the State Council's notices: nothing is loaded, so nothing is counted. */
	location(path, sizeof path, "hk");
	ck_assert_ds_ok(ds_registry_create(&hk, path, "香港", "810000", NULL));
	ck_assert_ds_err(ds_registry_add_working_days(out, hk, "2025-03-03", 1), DS_ESTATE);
	ds_registry_free(hk);
}
END_TEST

START_TEST(working_days)
{
	size_t i;
	char out[11];
	for (i = 0; i < sizeof working_day_cases / sizeof working_day_cases[0]; i++) {
		ck_assert_ds_ok(
			ds_registry_add_working_days(out, reg, working_day_cases[i].start, working_day_cases[i].days));
		ck_assert_msg(strcmp(out, working_day_cases[i].end) == 0, "%s + %d: %s, expected %s",
			      working_day_cases[i].start, working_day_cases[i].days, out, working_day_cases[i].end);
	}
	strcpy(out, "unchanged");
	ck_assert_ds_err(ds_registry_add_working_days(out, reg, "2025-02-30", 1), DS_EINVAL);
	ck_assert_ds_err(ds_registry_add_working_days(out, reg, "2025-03-03", -1), DS_EINVAL);
	ck_assert_str_eq(out, "unchanged");
}
END_TEST

START_TEST(calendar_files)
{
	char out[11];
	size_t n = 0;
	int64_t events = count_rows("events");
	ck_assert_ds_err(ds_registry_load_calendar(&n, reg, fixture("calendar-weekend-holiday.xml")), DS_EINVAL);
	ck_assert_int_eq(ds_error_last()->line, 4);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "weekend"));
	ck_assert_ds_err(ds_registry_load_calendar(&n, reg, fixture("calendar-twice.xml")), DS_EINVAL);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "listed twice"));
	ck_assert_ds_err(ds_registry_load_calendar(&n, reg, fixture("calendar-bad-type.xml")), DS_EPARSE);
	ck_assert_int_eq(ds_error_last()->line, 3);
	ck_assert_ds_err(ds_registry_load_calendar(&n, reg, fixture("entry.xml")), DS_EPARSE);
	ck_assert_ds_err(ds_registry_load_calendar(&n, reg, fixture("missing.xml")), DS_EIO);
	ck_assert_unchanged(events);
	ck_assert_uint_eq(n, 0);
	/* 2030-01-01 Tue and 01-02 Wed off, Saturday 01-05 worked. */
	ck_assert_ds_ok(ds_registry_load_calendar(&n, reg, fixture("calendar-test.xml")));
	ck_assert_uint_eq(n, 3);
	ck_assert_ds_ok(ds_registry_add_working_days(out, reg, "2029-12-31", 4));
	ck_assert_str_eq(out, "2030-01-07");
	/* Other years are kept. */
	ck_assert_ds_ok(ds_registry_add_working_days(out, reg, "2025-01-23", 10));
	ck_assert_str_eq(out, "2025-02-12");
}
END_TEST

START_TEST(changes_supersede)
{
	int64_t first = registered(DS_REG_PRODUCT), change, cancel;
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_registration *r = NULL;
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.type = DS_REG_CHANGE;
	req.changes = first;
	req.entry_path = fixture("entry.xml");
	req.at = at(2025, 4, 1, 9);
	ck_assert_ds_ok(ds_registry_apply(&change, reg, &req));
	ck_assert_ds_ok(advance(change, DS_STATE_ACCEPTED, at(2025, 4, 1, 10)));
	ck_assert_ds_ok(advance(change, DS_STATE_REVIEW, at(2025, 4, 1, 11)));
	ck_assert_ds_ok(advance(change, DS_STATE_PUBLICITY, at(2025, 4, 1, 12)));
	ck_assert_ds_ok(advance(change, DS_STATE_REGISTERED, at(2025, 4, 30, 9)));
	ck_assert_ds_ok(ds_registry_get(&r, reg, first));
	ck_assert_int_eq(r->state, DS_STATE_CHANGED);
	ck_assert_str_eq(r->certificate, "370100-2025-P-00000001-M");
	ds_free(r);
	ck_assert_ds_ok(ds_registry_get(&r, reg, change));
	ck_assert_int_eq(r->changes, first);
	ck_assert_str_eq(r->certificate, "370100-2025-P-00000002-H");
	ds_free(r);
	/* The superseded registration cannot be changed again. */
	req.changes = first;
	req.type = DS_REG_CANCELLATION;
	ck_assert_ds_err(ds_registry_apply(&cancel, reg, &req), DS_ESTATE);
	req.changes = change;
	req.at = at(2025, 5, 6, 9);
	ck_assert_ds_ok(ds_registry_apply(&cancel, reg, &req));
	ck_assert_ds_ok(advance(cancel, DS_STATE_ACCEPTED, at(2025, 5, 6, 10)));
	ck_assert_ds_ok(advance(cancel, DS_STATE_REVIEW, at(2025, 5, 6, 11)));
	ck_assert_ds_ok(advance(cancel, DS_STATE_PUBLICITY, at(2025, 5, 6, 12)));
	ck_assert_ds_ok(advance(cancel, DS_STATE_REGISTERED, at(2025, 6, 6, 9)));
	ck_assert_ds_ok(ds_registry_get(&r, reg, change));
	ck_assert_int_eq(r->state, DS_STATE_CANCELLED);
	ds_free(r);
}
END_TEST

START_TEST(query_codes_and_lists)
{
	int64_t a = registered(DS_REG_PRODUCT), b = registered(DS_REG_RESOURCE), c = registered(DS_REG_PRODUCT);
	ds_registration *r = NULL, *found = NULL;
	ds_registry_query q = DS_REGISTRY_QUERY_INIT;
	size_t n = 0;
	char lower[32];
	size_t i;
	apply_at(DS_REG_ASSET, at(2025, 3, 20, 9));
	ck_assert_ds_ok(ds_registry_get(&r, reg, b));
	ck_assert_str_eq(r->certificate, "370100-2025-R-00000001-2");
	for (i = 0; r->query_code[i]; i++)
		lower[i] = (char)(r->query_code[i] >= 'A' && r->query_code[i] <= 'Z' ? r->query_code[i] + 32 :
										       r->query_code[i]);
	lower[i] = '\0';
	ck_assert_ds_ok(ds_registry_find_query_code(&found, reg, lower));
	ck_assert_int_eq(found->id, b);
	ds_free(found);
	ds_free(r);
	ck_assert_ds_err(ds_registry_find_query_code(&found, reg, "AAAA-AAAA-AAAA-AAAA"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_registry_find_query_code(&found, reg, "AAAA-AAAA-AAAA-AAA"), DS_EINVAL);
	ck_assert_ds_err(ds_registry_find_query_code(&found, reg, "AAAA-AAAA-AAAA-AAAI"), DS_EINVAL);
	ck_assert_ds_ok(ds_registry_get(&r, reg, c));
	ck_assert_str_eq(r->certificate, "370100-2025-P-00000002-H");
	ds_free(r);

	q.kind = DS_REG_PRODUCT;
	ck_assert_ds_ok(ds_registry_list(&r, &n, reg, &q));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(r[0].id, a);
	ck_assert_int_eq(r[1].id, c);
	ds_free(r);
	q.kind = -1;
	q.state = DS_STATE_SUBMITTED;
	ck_assert_ds_ok(ds_registry_list(&r, &n, reg, &q));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0].kind, DS_REG_ASSET);
	ds_free(r);
	q.state = -1;
	q.from = "2025-03-04";
	ck_assert_ds_ok(ds_registry_list(&r, &n, reg, &q));
	ck_assert_uint_eq(n, 1);
	ds_free(r);
	q.from = NULL;
	q.subject = BUYER;
	ck_assert_ds_ok(ds_registry_list(&r, &n, reg, &q));
	ck_assert_uint_eq(n, 0);
	q.subject = NULL;
	q.offset = 1;
	q.limit = 2;
	ck_assert_ds_ok(ds_registry_list(&r, &n, reg, &q));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(r[0].id, b);
	ds_free(r);
	q.state = 12;
	ck_assert_ds_err(ds_registry_list(&r, &n, reg, &q), DS_EINVAL);
	q.state = -1;
	q.from = "2025-13-01";
	ck_assert_ds_err(ds_registry_list(&r, &n, reg, &q), DS_EINVAL);
	{
		ds_transition *h = NULL;
		ck_assert_ds_err(ds_registry_history(&h, &n, reg, 999), DS_ENOTFOUND);
		ck_assert_ptr_null(h);
	}
}
END_TEST

/* ---------------------------------------------------------------- trades */

static int trade(int64_t product, const char *seller, const char *buyer, const char *amount, const char *date,
		 ds_trade_venue venue, const char *voucher)
{
	ds_trade_request t = DS_TRADE_REQUEST_INIT;
	ds_decimal *d = tu_dec(amount);
	int rc;
	t.seller = seller;
	t.buyer = buyer;
	t.registration = product;
	t.amount = d;
	t.date = date;
	t.venue = venue;
	t.voucher = voucher;
	rc = ds_registry_trade_add(NULL, reg, &t);
	ds_decimal_free(d);
	return rc;
}

START_TEST(trades_and_export)
{
	int64_t product = registered(DS_REG_PRODUCT), pending = apply_at(DS_REG_PRODUCT, at(2025, 3, 20, 9)), events;
	char *xml = NULL;
	ck_assert_ds_ok(trade(product, SELLER, BUYER, "120000.50", "2025-03-20", DS_VENUE_ON, "JY-001"));
	ck_assert_ds_ok(trade(product, SELLER, BUYER, "0.25", "2025-04-01", DS_VENUE_ON, "JY-002"));
	ck_assert_ds_ok(trade(product, SELLER, BUYER, "5000000", "2025-05-01", DS_VENUE_OFF, "BA-001"));
	ck_assert_ds_ok(trade(product, SELLER, BUYER, "1", "2025-12-01", DS_VENUE_OFF, "BA-002"));
	events = count_rows("events");
	ck_assert_ds_err(trade(product, SELLER, BUYER, "1", "2025-04-01", DS_VENUE_ON, "JY-001"), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->field, "voucher");
	ck_assert_ds_err(trade(product, SELLER, BUYER, "1.005", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "amount");
	ck_assert_ds_err(trade(product, SELLER, BUYER, "-1", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_EINVAL);
	ck_assert_ds_err(trade(product, SELLER, BUYER, "0", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_EINVAL);
	ck_assert_ds_err(trade(product, BUYER, SELLER, "1", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "seller");
	ck_assert_ds_err(trade(product, SELLER, SELLER, "1", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_EINVAL);
	ck_assert_ds_err(trade(product, SELLER, "91110000600037341L", "1", "2025-04-01", DS_VENUE_ON, "JY-009"),
			 DS_ENOTFOUND);
	ck_assert_str_eq(ds_error_last()->field, "buyer");
	ck_assert_ds_err(trade(pending, SELLER, BUYER, "1", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_ESTATE);
	ck_assert_ds_err(trade(999, SELLER, BUYER, "1", "2025-04-01", DS_VENUE_ON, "JY-009"), DS_ENOTFOUND);
	ck_assert_ds_err(trade(product, SELLER, BUYER, "1", "2025-03-01", DS_VENUE_ON, "JY-009"), DS_ESTATE);
	ck_assert_ds_err(trade(product, SELLER, BUYER, "1", "2025-3-1", DS_VENUE_ON, "JY-009"), DS_EINVAL);
	ck_assert_ds_err(trade(product, SELLER, BUYER, "1", "2025-04-01", (ds_trade_venue)2, "JY-009"), DS_EINVAL);
	ck_assert_ds_err(trade(product, SELLER, BUYER, "1", "2025-04-01", DS_VENUE_ON, ""), DS_EINVAL);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("trades"), 4);

	ck_assert_ds_ok(ds_registry_export_applications(&xml, reg, "2024-11-01", "2025-10-31"));
	ck_assert_ptr_nonnull(strstr(xml, "<applications xmlns=\"urn:datasset:applications:1\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<applicant id=\"" SELLER "\" name=\"测试企业\" verified=\"true\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<product id=\"370100-2025-P-00000001-M\" listed=\"2025-03-18\" "
					  "certificate=\"true\" trade-voucher=\"true\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<trade product=\"370100-2025-P-00000001-M\" date=\"2025-03-20\" "
					  "amount=\"120000.50\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<voucher kind=\"trade\" number=\"JY-001\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<filing role=\"provider\" date=\"2025-05-01\" amount=\"5000000.00\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<filing role=\"buyer\" date=\"2025-05-01\" amount=\"5000000.00\"/>"));
	ck_assert_ptr_null(strstr(xml, "BA-002"));
	/* The export round-trips through the subsidy engine: it reads and evaluates it. */
	{
		ds_applications *apps = NULL;
		ds_policy *policy = NULL;
		ds_awards *awards = NULL;
		size_t i, p3_granted = 0, p1_seen = 0;
		ck_assert_ds_ok(ds_applications_parse(&apps, xml, strlen(xml), "export.xml"));
		ck_assert_uint_eq(ds_applications_count(apps), 2);
		ck_assert_ds_ok(ds_policy_bundled(&policy, "jinan-2025"));
		ck_assert_ds_ok(ds_policy_evaluate(&awards, policy, apps));
		for (i = 0; i < ds_awards_count(awards); i++) {
			ds_award line;
			ck_assert_ds_ok(ds_awards_at(&line, awards, i));
			/* 场外 filings of 5,000,000 on each side reach programme 3's threshold. */
			if (strcmp(line.programme, "p3") == 0 && line.status != DS_AWARD_INELIGIBLE)
				p3_granted++;
			/* The registered product, listed and traded in the window, qualifies for programme 1
			 * (its award may then be displaced by the higher programme 3 award: 就高). */
			if (strcmp(line.programme, "p1") == 0 && strcmp(line.unit, "370100-2025-P-00000001-M") == 0 &&
			    (line.status == DS_AWARD_GRANTED || line.status == DS_AWARD_DISPLACED))
				p1_seen++;
		}
		ck_assert_uint_eq(p3_granted, 2);
		ck_assert_uint_eq(p1_seen, 1);
		ds_awards_free(awards);
		ds_policy_free(policy);
		ds_applications_free(apps);
	}
	ds_free(xml);
	xml = NULL;
	ck_assert_ds_err(ds_registry_export_applications(&xml, reg, "2025-10-31", "2024-11-01"), DS_EINVAL);
	ck_assert_ds_err(ds_registry_export_applications(&xml, reg, "2025-10-31", "x"), DS_EINVAL);
	ck_assert_ptr_null(xml);
	ck_assert_ds_ok(ds_registry_export_applications(&xml, reg, "2030-01-01", "2030-12-31"));
	ck_assert_ptr_null(strstr(xml, "<trade"));
	ck_assert_ptr_nonnull(strstr(xml, "<product id=\"370100-2025-P-00000001-M\" listed=\"2025-03-18\" "
					  "certificate=\"true\" trade-voucher=\"false\"/>"));
	ds_free(xml);
}
END_TEST

/* 入表 filings: every bad input refused with its field and nothing written; the
 * filing in the applications export, accepted by the policy module, and no
 * longer "registered" once the asset registration is cancelled. */
START_TEST(recognitions)
{
	ds_recognition_request r = DS_RECOGNITION_REQUEST_INIT;
	ds_decimal *amount = NULL, *odd = NULL;
	ds_applications *apps = NULL;
	char *xml = NULL;
	int64_t asset = registered(DS_REG_ASSET), product = registered(DS_REG_PRODUCT), pending, id = 0, events;
	static const struct {
		const char *field; /* what to break */
		int code;
		const char *error_field;
	} bad[] = {
		{ "kind", DS_EINVAL, "registration" },
		{ "pending", DS_ESTATE, "registration" },
		{ "missing", DS_ENOTFOUND, "registration" },
		{ "provider", DS_ENOTFOUND, "provider" },
		{ "self", DS_EINVAL, "provider" },
		{ "qualification", DS_EINVAL, "provider_qualifications" },
		{ "filing", DS_EINVAL, "filing" },
		{ "amount", DS_EINVAL, "amount" },
		{ "founded", DS_EINVAL, "provider_founded" },
		{ "date", DS_EINVAL, "date" },
	};
	size_t i;

	pending = apply_at(DS_REG_ASSET, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_decimal_new(&amount));
	ck_assert_ds_ok(ds_decimal_parse(amount, "150000", 0));
	ck_assert_ds_ok(ds_decimal_new(&odd));
	ck_assert_ds_ok(ds_decimal_parse(odd, "1.001", 0));
	events = count_rows("events");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ds_recognition_request b = DS_RECOGNITION_REQUEST_INIT;
		b.registration = asset;
		b.date = "2025-04-01";
		b.amount = amount;
		b.filing = "RB-2025.001";
		b.provider = BUYER;
		b.provider_founded = "2015-01-01";
		b.provider_qualifications = "cpa, lawyer";
		if (strcmp(bad[i].field, "kind") == 0)
			b.registration = product;
		else if (strcmp(bad[i].field, "pending") == 0)
			b.registration = pending;
		else if (strcmp(bad[i].field, "missing") == 0)
			b.registration = 999;
		else if (strcmp(bad[i].field, "provider") == 0)
			b.provider = "91110000600037341L";
		else if (strcmp(bad[i].field, "self") == 0)
			b.provider = SELLER;
		else if (strcmp(bad[i].field, "qualification") == 0)
			b.provider_qualifications = "cpa doctor";
		else if (strcmp(bad[i].field, "filing") == 0)
			b.filing = "RB 2025";
		else if (strcmp(bad[i].field, "amount") == 0)
			b.amount = odd;
		else if (strcmp(bad[i].field, "founded") == 0)
			b.provider_founded = "2025-04-02";
		else
			b.date = "2025-02-30";
		ck_assert_msg(ds_registry_recognition_add(&id, reg, &b) == bad[i].code, "%s: %s", bad[i].field,
			      ds_error_last()->message);
		ck_assert_str_eq(ds_error_last()->field, bad[i].error_field);
		ck_assert_unchanged(events);
	}
	ck_assert_int_eq(count_rows("recognitions"), 0);
	ck_assert_ds_err(ds_registry_recognition_add(&id, reg, NULL), DS_EINVAL);
	r.registration = asset;
	r.date = "2025-04-01";
	r.amount = amount;
	r.filing = "RB-2025.001";
	r.provider = "91370100ma3c5ejq3j"; /* normalised like every credit code */
	r.provider_founded = "2015-01-01";
	r.provider_approved = r.provider_independent = r.provider_clean = 1;
	r.provider_qualifications = "lawyer,cpa cpa";
	ck_assert_ds_ok(ds_registry_recognition_add(&id, reg, &r));
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_ds_err(ds_registry_recognition_add(NULL, reg, &r), DS_EEXISTS);
	ck_assert_str_eq(ds_error_last()->field, "filing");
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_ds_ok(ds_registry_export_applications(&xml, reg, "2024-11-01", "2025-10-31"));
	ck_assert_msg(strstr(xml, "<recognition id=\"RB-2025.001\" date=\"2025-04-01\" amount=\"150000.00\" "
				  "registered=\"true\">"),
		      "%s", xml);
	ck_assert_msg(strstr(xml,
			     "<provider id=\"" BUYER "\" name=\"买方企业\" founded=\"2015-01-01\" approved=\"true\" "
			     "independent=\"true\" clean=\"true\" qualifications=\"cpa lawyer\"/>"),
		      "%s", xml);
	ck_assert_ds_ok(ds_applications_parse(&apps, xml, strlen(xml), "export"));
	ds_applications_free(apps);
	apps = NULL;
	ds_free(xml);
	/* Outside the window: not exported. */
	ck_assert_ds_ok(ds_registry_export_applications(&xml, reg, "2025-04-02", "2025-10-31"));
	ck_assert_ptr_null(strstr(xml, "<recognition"));
	ds_free(xml);
	/* The 登记凭证 cancelled: the filing no longer counts as registered. */
	ck_assert_ds_ok(advance(asset, DS_STATE_CANCELLED, at(2025, 5, 1, 9)));
	ck_assert_ds_ok(ds_registry_export_applications(&xml, reg, "2024-11-01", "2025-10-31"));
	ck_assert_ptr_nonnull(strstr(xml, "amount=\"150000.00\" registered=\"false\""));
	ds_free(xml);
	ds_decimal_free(amount);
	ds_decimal_free(odd);
}
END_TEST

/* ---------------------------------------------------------------- events */

START_TEST(events_are_canonical_and_sequential)
{
	ds__stmt *stmt = NULL;
	int64_t expected = 1;
	int64_t id = registered(DS_REG_ASSET);
	(void)id;
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, "SELECT seq, type, body FROM events ORDER BY seq"));
	while (ds__stmt_step(stmt) > 0) {
		const char *body = ds__stmt_text(stmt, 2);
		ck_assert_int_eq(ds__stmt_int(stmt, 0), expected++);
		/* A signed document's entry is its canonical XML (docs/certificate.md), not JSON. */
		if (strcmp(ds__stmt_text(stmt, 1), "certificate_document") == 0) {
			ck_assert_msg(strncmp(body, "<certificate xmlns=", 19) == 0, "%s", body);
			continue;
		}
		ck_assert_msg(body[0] == '{' && body[strlen(body) - 1] == '}' && !strchr(body, '\n'), "%s", body);
		ck_assert_msg(strncmp(body, "{\"", 2) == 0, "%s", body);
	}
	ds__stmt_finalize(stmt);
	/* registry, official calendar, key, sample calendar, 2 subjects, application + 5 transitions,
	 * certificate number, certificate. */
	ck_assert_int_eq(expected - 1, 14);
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, "SELECT body FROM events WHERE type = 'certificate'"));
	ck_assert_int_eq(ds__stmt_step(stmt), 1);
	ck_assert_str_eq(
		ds__stmt_text(stmt, 0),
		"{\"at\":\"2025-03-18T01:00:00Z\",\"certificate\":\"370100-2025-A-00000001-5\",\"date\":\"2025-03-18\","
		"\"event\":\"certificate\",\"kind\":\"asset\",\"registration\":1}");
	ds__stmt_finalize(stmt);
	/* Strings are escaped as RFC 8785 says: quote, backslash, and control characters. */
	{
		ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
		t.actor = "a\"b";
		t.reason = "line\\1\nline\t2";
		t.at = at(2025, 3, 19, 9);
		ck_assert_ds_ok(ds_registry_advance(reg, 1, DS_STATE_CORRECTED, &t));
	}
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, "SELECT body FROM events ORDER BY seq DESC LIMIT 1"));
	ck_assert_int_eq(ds__stmt_step(stmt), 1);
	ck_assert_str_eq(
		ds__stmt_text(stmt, 0),
		"{\"actor\":\"a\\\"b\",\"at\":\"2025-03-19T01:00:00Z\",\"date\":\"2025-03-19\",\"event\":"
		"\"transition\",\"from\":\"registered\",\"reason\":\"line\\\\1\\nline\\t2\",\"registration\":1,"
		"\"to\":\"corrected\"}");
	ds__stmt_finalize(stmt);
}
END_TEST

/* ---------------------------------------------------------------- transparency log */

/* The root of an independent in-memory log fed the event bodies in seq order. */
static void events_root(ds_hash *root, uint64_t *size)
{
	ds_translog *mem = NULL;
	ds__stmt *stmt = NULL;
	ck_assert_ds_ok(ds_translog_new_memory(&mem, NULL));
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, "SELECT body FROM events ORDER BY seq"));
	while (ds__stmt_step(stmt) > 0)
		ck_assert_ds_ok(ds_translog_append(NULL, mem, ds__stmt_text(stmt, 0), strlen(ds__stmt_text(stmt, 0))));
	ds__stmt_finalize(stmt);
	*size = ds_translog_size(mem);
	ck_assert_ds_ok(ds_translog_root(root, mem, *size));
	ds_translog_free(mem);
}

START_TEST(log_holds_every_event)
{
	ds_hash expected, root;
	ds__stmt *stmt = NULL;
	uint64_t size = 0, i = 0;
	(void)registered(DS_REG_ASSET);
	events_root(&expected, &size);
	ck_assert_int_eq(size, 14);
	ck_assert_int_eq(ds_translog_size(reg->log), 14);
	ck_assert_ds_ok(ds_translog_root(&root, reg->log, size));
	ck_assert(ds_hash_equal(&root, &expected));
	/* Every entry is the event body (RFC 9162 leaf) and proves into the root. */
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, "SELECT body FROM events ORDER BY seq"));
	while (ds__stmt_step(stmt) > 0) {
		ds_hash leaf, stored, *proof = NULL;
		size_t n = 0;
		const char *body = ds__stmt_text(stmt, 0);
		ck_assert_ds_ok(ds_merkle_leaf_hash(&leaf, DS_HASH_SHA256, body, strlen(body)));
		ck_assert_ds_ok(ds_translog_leaf_hash(&stored, reg->log, i));
		ck_assert(ds_hash_equal(&leaf, &stored));
		ck_assert_ds_ok(ds_translog_inclusion_proof(&proof, &n, reg->log, i, size));
		ck_assert_ds_ok(ds_merkle_verify_inclusion(DS_HASH_SHA256, i, size, &leaf, proof, n, &root));
		ds_free(proof);
		i++;
	}
	ds__stmt_finalize(stmt);
	ck_assert_int_eq(i, 14);
	ck_assert_ds_ok(ds__registry_log_verify(reg, NULL));
	/* A reopened registry sees the same log. */
	{
		ds_registry *again = NULL;
		ds_hash r2;
		ck_assert_ds_ok(ds_registry_open(&again, db, NULL));
		ck_assert_int_eq(ds_translog_size(again->log), 14);
		ck_assert_ds_ok(ds_translog_root(&r2, again->log, 14));
		ck_assert(ds_hash_equal(&r2, &root));
		ds_registry_free(again);
	}
}
END_TEST

START_TEST(log_commits_with_the_event)
{
	ds_hash before, after;
	uint64_t size = ds_translog_size(reg->log);
	int64_t id;
	ck_assert_int_eq(size, (uint64_t)count_rows("events"));
	/* A failing state change writes no event and no log entry. */
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "dup", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	ck_assert_int_eq(ds_translog_size(reg->log), size);
	id = apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9)); /* application + its transition */
	size = ds_translog_size(reg->log);
	ck_assert_int_eq(size, (uint64_t)count_rows("events"));
	ck_assert_ds_err(advance(id, DS_STATE_REGISTERED, at(2025, 3, 3, 10)), DS_ESTATE);
	ck_assert_int_eq(ds_translog_size(reg->log), size);
	/* A batch rolled back takes its log entries with it, nodes included. */
	ck_assert_ds_ok(ds_translog_root(&before, reg->log, size));
	ck_assert_ds_ok(ds_registry_begin(reg));
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_int_eq(ds_translog_size(reg->log), size + 4);
	ck_assert_ds_ok(ds_registry_rollback(reg));
	ck_assert_int_eq(ds_translog_size(reg->log), size);
	ck_assert_int_eq(count_rows("events"), (int64_t)size);
	ck_assert_ds_ok(ds_translog_root(&after, reg->log, size));
	ck_assert(ds_hash_equal(&before, &after));
	ck_assert_ds_ok(ds__registry_log_verify(reg, NULL));
	/* The next append after the rollback lands at the same index. */
	apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	ck_assert_int_eq(ds_translog_size(reg->log), size + 2);
	ck_assert_ds_ok(ds__registry_log_verify(reg, NULL));
	{
		ds_hash expected;
		uint64_t n;
		events_root(&expected, &n);
		ck_assert_int_eq(n, size + 2);
		ck_assert_ds_ok(ds_translog_root(&after, reg->log, n));
		ck_assert(ds_hash_equal(&expected, &after));
	}
}
END_TEST

/* Appending and proving read O(log n) nodes, whatever the size. */
START_TEST(log_is_logarithmic)
{
	ds_hash *proof = NULL, root, leaf;
	size_t n = 0;
	uint64_t reads, size;
	int i;
	ck_assert_ds_ok(ds_registry_begin(reg));
	for (i = 0; i < 3000; i++) {
		char text[32];
		ds__registry_field f = { "n", text, 0 };
		snprintf(text, sizeof text, "%d", i);
		ck_assert_ds_ok(ds__registry_emit_event(reg, "test", 0, "2025-01-01T00:00:00Z", &f, 1));
	}
	ck_assert_ds_ok(ds_registry_commit(reg));
	size = ds_translog_size(reg->log);
	ck_assert_int_eq(size, (uint64_t)count_rows("events"));
	reads = ds__translog_node_reads(reg->log);
	{
		ds__registry_field f = { "n", "last", 0 };
		ck_assert_ds_ok(ds__registry_emit_event(reg, "test", 0, "2025-01-01T00:00:00Z", &f, 1));
	}
	size++;
	ck_assert_uint_le(ds__translog_node_reads(reg->log) - reads, 13);
	reads = ds__translog_node_reads(reg->log);
	ck_assert_ds_ok(ds_translog_inclusion_proof(&proof, &n, reg->log, 1234, size));
	ck_assert_uint_le(ds__translog_node_reads(reg->log) - reads, 2 * 13);
	ck_assert_ds_ok(ds_translog_root(&root, reg->log, size));
	ck_assert_ds_ok(ds_translog_leaf_hash(&leaf, reg->log, 1234));
	ck_assert_ds_ok(ds_merkle_verify_inclusion(DS_HASH_SHA256, 1234, size, &leaf, proof, n, &root));
	ds_free(proof);
	ck_assert_ds_ok(ds__registry_log_verify(reg, NULL));
}
END_TEST

static void emit_test_event(ds_registry *r, const char *text)
{
	ds__registry_field f = { "n", text, 0 };
	ck_assert_ds_ok(ds__registry_emit_event(r, "test", 0, "2025-01-01T00:00:00Z", &f, 1));
}

/* The append cache (log.c) never outlives what it describes: a savepoint
 * rolled back inside a batch takes its cached size and nodes with it, and a
 * transaction sees what another connection appended since its last one. */
START_TEST(log_cache_follows_rollbacks_and_other_writers)
{
	ds_registry *other = NULL;
	uint64_t size;
	int i;
	char text[32];

	ck_assert_ds_ok(ds_registry_begin(reg));
	emit_test_event(reg, "a");
	size = ds_translog_size(reg->log);
	/* A failing call inside the batch: its savepoint had appended three entries. */
	ck_assert_ds_ok(ds__store_begin(reg->store));
	emit_test_event(reg, "b");
	emit_test_event(reg, "c");
	emit_test_event(reg, "d");
	ck_assert_int_eq(ds_translog_size(reg->log), size + 3);
	ds__store_rollback(reg->store);
	ck_assert_int_eq(ds_translog_size(reg->log), size);
	emit_test_event(reg, "e");
	ck_assert_int_eq(ds_translog_size(reg->log), size + 1);
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));

	/* Two connections to one file append in turns, each in batches. */
	ck_assert_ds_ok(ds_registry_open(&other, db, NULL));
	for (i = 0; i < 12; i++) {
		ds_registry *r = i % 3 == 2 ? other : reg;
		ck_assert_ds_ok(ds_registry_begin(r));
		snprintf(text, sizeof text, "turn %d", i);
		emit_test_event(r, text);
		emit_test_event(r, text);
		emit_test_event(r, text);
		ck_assert_ds_ok(ds_registry_commit(r));
	}
	ck_assert_int_eq(ds_translog_size(reg->log), ds_translog_size(other->log));
	ck_assert_int_eq(ds_translog_size(reg->log), (uint64_t)count_rows("events"));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, other));
	/* Certificates issued through either connection carry a proof against the current tree. */
	{
		int64_t id = registered(DS_REG_PRODUCT);
		char *xml = NULL;
		ds_certificate_report *report = NULL;
		ds_key *key = NULL;
		ck_assert_ds_ok(ds_registry_begin(other));
		emit_test_event(other, "between");
		ck_assert_ds_ok(ds_registry_commit(other));
		ck_assert_ds_ok(ds_registry_certificate(&xml, reg, id));
		ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
		ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
		ds_certificate_report_free(report);
		ds_key_free(key);
		ds_free(xml);
		id = registered(DS_REG_PRODUCT);
		ck_assert_ds_ok(ds_registry_certificate(&xml, reg, id));
		ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
		ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), key, NULL));
		ds_certificate_report_free(report);
		ds_key_free(key);
		ds_free(xml);
	}
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_registry_free(other);
}
END_TEST

/* Rewriting history in the file: an event body, a stored node, a deleted event. */
START_TEST(log_verify_detects_edits)
{
	uint64_t bad = 0;
	ds_hash root_before, root_after;
	(void)registered(DS_REG_ASSET);
	ck_assert_ds_ok(ds__registry_log_verify(reg, NULL));
	ck_assert_ds_ok(ds_translog_root(&root_before, reg->log, 12));
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE events SET body = replace(body, '\"asset\"', '\"data\"')"
						   " WHERE type = 'certificate'"));
	ck_assert_ds_err(ds__registry_log_verify(reg, &bad), DS_EVERIFY);
	ck_assert_int_eq(bad, 12);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "log entry 12"));
	/* Rewriting the stored leaf to match changes the root the log proves against. */
	ck_assert_ds_ok(ds__store_exec(
		reg->store,
		"UPDATE log_nodes SET hash = (CASE WHEN substr(hash, 1, 2) = '00' THEN 'ff' ELSE '00' END) || substr(hash, 3)"
		" WHERE level = 1 AND idx = 2"));
	ck_assert_ds_err(ds__registry_log_verify(reg, &bad), DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "log entry 12"));
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE events SET body = replace(body, '\"data\"', '\"asset\"')"
						   " WHERE type = 'certificate'"));
	ck_assert_ds_err(ds__registry_log_verify(reg, &bad), DS_EVERIFY);
	ck_assert_int_eq(bad, 4);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "level 1, index 2"));
	/* A rewritten node on the root's path changes the root the log proves against. */
	ck_assert_ds_ok(ds__store_exec(
		reg->store,
		"UPDATE log_nodes SET hash = (CASE WHEN substr(hash, 1, 2) = 'ff' THEN '00' ELSE 'ff' END) || substr(hash, 3)"
		" WHERE level = 3 AND idx = 0"));
	ck_assert_ds_ok(ds_translog_root(&root_after, reg->log, 12));
	ck_assert(!ds_hash_equal(&root_before, &root_after));
	ck_assert_ds_ok(ds__store_exec(reg->store, "DELETE FROM events WHERE seq = 3"));
	ck_assert_ds_err(ds__registry_log_verify(reg, &bad), DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "seq 3 is missing"));
}
END_TEST

/* A version 2 database with events: opening it logs them once, in seq order. */
START_TEST(log_catches_up_after_migration)
{
	ds__store *store = NULL;
	ds__store_config config = { 1, 0, DS__STORE_SYNC_FULL, "test" };
	ds_registry *old = NULL;
	ds_translog *mem = NULL;
	ds_hash expected, root;
	char path[400];
	snprintf(path, sizeof path, "%s/v2.db", dir);
	ck_assert_ds_ok(ds__store_open(&store, path, &config, ds__registry_migrations, 2));
	ck_assert_ds_ok(ds__store_exec(store,
				       "INSERT INTO registry VALUES (1, 'old', '370100', '2024-01-01T00:00:00Z');"
				       "INSERT INTO events (type, at, body) VALUES ('registry', 'x', '{\"a\":1}');"
				       "INSERT INTO events (type, at, body) VALUES ('subject', 'x', '{\"b\":2}')"));
	ds__store_close(store);
	ck_assert_ds_ok(ds_registry_open(&old, path, NULL));
	ck_assert_int_eq(ds_translog_size(old->log), 2);
	ck_assert_ds_ok(ds_translog_new_memory(&mem, NULL));
	ck_assert_ds_ok(ds_translog_append(NULL, mem, "{\"a\":1}", 7));
	ck_assert_ds_ok(ds_translog_append(NULL, mem, "{\"b\":2}", 7));
	ck_assert_ds_ok(ds_translog_root(&expected, mem, 2));
	ck_assert_ds_ok(ds_translog_root(&root, old->log, 2));
	ck_assert(ds_hash_equal(&expected, &root));
	ck_assert_ds_ok(ds__registry_log_verify(old, NULL));
	ds_registry_free(old);
	old = NULL;
	ck_assert_ds_ok(ds_registry_open(&old, path, NULL));
	ck_assert_int_eq(ds_translog_size(old->log), 2);
	/* The migrated registry goes on: its next event is entry 2. */
	ck_assert_ds_ok(ds_registry_subject_add(old, SELLER, "测试企业", DS_SUBJECT_UNSPECIFIED));
	ck_assert_int_eq(ds_translog_size(old->log), 3);
	ck_assert_ds_ok(ds__registry_log_verify(old, NULL));
	ds_registry_free(old);
	ds_translog_free(mem);
}
END_TEST

/* A version 2 database whose events have a gap cannot be logged (entry i is
 * event i + 1): the migration to version 3 fails and leaves it at version 2. */
START_TEST(migration_refuses_events_with_a_gap)
{
	ds__store *store = NULL;
	ds__store_config config = { 1, 0, DS__STORE_SYNC_FULL, "test" };
	ds_registry *old = NULL;
	char path[400];
	int version = 0;
	snprintf(path, sizeof path, "%s/v2gap.db", dir);
	ck_assert_ds_ok(ds__store_open(&store, path, &config, ds__registry_migrations, 2));
	ck_assert_ds_ok(ds__store_exec(
		store, "INSERT INTO registry VALUES (1, 'old', '370100', '2024-01-01T00:00:00Z');"
		       "INSERT INTO events (seq, type, at, body) VALUES (1, 'registry', 'x', '{\"a\":1}');"
		       "INSERT INTO events (seq, type, at, body) VALUES (3, 'subject', 'x', '{\"b\":2}')"));
	ds__store_close(store);
	ck_assert_ds_err(ds_registry_open(&old, path, NULL), DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "event 3 follows event 1"));
	ck_assert_ptr_null(old);
	config.create = 0;
	ck_assert_ds_ok(ds__store_open(&store, path, &config, NULL, 0));
	ck_assert_ds_ok(ds__store_schema_version(store, &version));
	ck_assert_int_eq(version, 2);
	ds__store_close(store);
}
END_TEST

/* ---------------------------------------------------------------- forged events */

/* The bytes of the file at @path (NULL when it does not exist); *@len their count. */
static char *file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;
	if (!f)
		return NULL;
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(data);
	ck_assert_int_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* What the database holds for the registry at @path: the file's bytes for
 * SQLite; for PostgreSQL every row of the registry in every table, and the
 * statistics' count of rows ever inserted, updated or deleted in the
 * registry's tables (a write undone still counts). */
static char *state_bytes(const char *path, size_t *len)
{
	static const char *const tables[] = {
		"registry", "subjects",	    "registrations", "transitions",  "certificate_sequences",
		"calendar", "events",	    "trades",	     "log_nodes",    "log_state",
		"keys",	    "certificates", "cancellations", "recognitions", "calendar_years",
		"writers"
	};
	ds__store *store = NULL;
	ds__store_config config = { 0, 0, DS__STORE_SYNC_FULL, "reader" };
	ds__stmt *stmt = NULL;
	char *out = NULL, sql[400];
	size_t i, n = 0;

	if (!pg_base)
		return file_bytes(path, len);
	ck_assert_ds_ok(ds__store_open(&store, path, &config, NULL, 0));
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		const char *text;
		snprintf(sql, sizeof sql,
			 "SELECT COALESCE(md5(string_agg(t::text, ',' ORDER BY t::text)), '') ||"
			 " (SELECT (n_tup_ins + n_tup_upd + n_tup_del)::text FROM pg_stat_xact_user_tables"
			 " WHERE schemaname = 'datasset' AND relname = '%s')"
			 " FROM datasset.%s t WHERE registry = current_setting('datasset.registry')",
			 tables[i], tables[i]);
		ck_assert_ds_ok(ds__store_prepare(&stmt, store, sql));
		ck_assert_int_eq(ds__stmt_step(stmt), 1);
		text = ds__stmt_text(stmt, 0);
		ck_assert_ptr_nonnull(out = realloc(out, n + strlen(text ? text : "") + 2));
		n += (size_t)sprintf(out + n, "%s;", text ? text : "");
		ds__stmt_finalize(stmt);
	}
	ds__store_close(store);
	*len = n;
	return out;
}

/* Insert an event row at the end of `events` as the sqlite3 shell would: on a
 * connection of its own, past the registry (which has it closed or open). */
static void forge_event(const char *path)
{
	ds__store *store = NULL;
	ds__store_config config = { 0, 0, DS__STORE_SYNC_FULL, "forger" };
	ck_assert_ds_ok(ds__store_open(&store, path, &config, NULL, 0));
	ck_assert_ds_ok(ds__store_exec(
		store, "INSERT INTO events (type, at, body) VALUES ('subject',"
		       " '2025-03-20T00:00:00Z', '{\"code\":\"91110000FORGED0000\",\"event\":\"subject\"}')"));
	ds__store_close(store);
}

/* Whether the last error's message contains @text. */
static int message_has(const char *text)
{
	return ds_error_last() && strstr(ds_error_last()->message, text) != NULL;
}

/* A row inserted at the end of `events` with SQLite directly is never logged:
 * opening the registry leaves the file as it is, log verify names the event,
 * the head is not signed, every write is refused, and the file is unchanged. */
START_TEST(forged_event_is_refused)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_subject *subject = NULL;
	ds_translog *log = NULL;
	char *note = NULL, *before = NULL, *after = NULL, want[64];
	size_t before_len = 0, after_len = 0;
	struct stat st_before, st_after;
	uint64_t bad = 0;
	int64_t id = 0, events;
	int round;
	(void)registered(DS_REG_PRODUCT);
	events = count_rows("events");
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_registry_free(reg);
	reg = NULL;
	forge_event(db);
	snprintf(want, sizeof want, "event %lld ", (long long)events + 1);
	ck_assert_ptr_nonnull(before = state_bytes(db, &before_len));
	if (!pg_base)
		ck_assert_int_eq(stat(db, &st_before), 0);
	for (round = 0; round < 2; round++) {
		/* Opening works and reads that do not need the log still do. */
		ck_assert_ds_ok(ds_registry_open(&reg, db, NULL));
		ck_assert_str_eq(ds_registry_name(reg), "济南市数据资产登记平台");
		ck_assert_ds_ok(ds_registry_subject_get(&subject, reg, SELLER));
		ds_free(subject);
		subject = NULL;
		/* The forged row is not in the log. */
		ck_assert_ds_ok(ds_registry_log(&log, reg));
		ck_assert_int_eq(ds_translog_size(log), events);
		/* log verify names it. */
		ck_assert_ds_err(ds_registry_log_verify(&bad, reg), DS_EVERIFY);
		ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
		ck_assert_int_eq(bad, events);
		/* No head is signed while it is there. */
		ck_assert_ds_err(ds_registry_log_head(&note, reg, 1700000000), DS_EVERIFY);
		ck_assert_ptr_null(note);
		ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
		/* Every write is refused, naming it. */
		req.subject = SELLER;
		req.kind = DS_REG_PRODUCT;
		req.right = DS_RIGHT_OPERATING;
		req.entry_path = fixture("entry.xml");
		req.at = at(2025, 3, 21, 9);
		ck_assert_ds_err(ds_registry_apply(&id, reg, &req), DS_EVERIFY);
		ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
		ck_assert_ds_err(advance(1, DS_STATE_CORRECTED, at(2025, 3, 21, 10)), DS_EVERIFY);
		ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
		ck_assert_ds_err(ds_registry_load_calendar(NULL, reg, sample_calendar()), DS_EVERIFY);
		ck_assert_ds_err(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519), DS_EVERIFY);
		ck_assert_ds_err(ds_registry_begin(reg), DS_EVERIFY);
		ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
		ck_assert_int_eq(count_rows("events"), events + 1);
		ck_assert_int_eq(count_rows("keys"), 1);
		ds_registry_free(reg);
		reg = NULL;
	}
	/* Nothing of this wrote to the file. */
	ck_assert_ptr_nonnull(after = state_bytes(db, &after_len));
	ck_assert_int_eq(after_len, before_len);
	ck_assert(memcmp(before, after, before_len) == 0);
	if (!pg_base) {
		ck_assert_int_eq(stat(db, &st_after), 0);
		ck_assert_int_eq(st_after.st_mtim.tv_sec, st_before.st_mtim.tv_sec);
		ck_assert_int_eq(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
	}
	free(before);
	free(after);
}
END_TEST

/* Inside a batch the log holds the batch's events (its size kept in memory):
 * the head signs them, and the forged-event check does not mistake them. */
START_TEST(log_head_inside_batch)
{
	ds_checkpoint *cp = NULL;
	ds_key *key = NULL;
	char *note = NULL, *origin = NULL;
	ck_assert_ds_ok(ds_registry_begin(reg));
	(void)apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_log_head(&note, reg, 1700000000));
	ck_assert_ds_ok(ds_registry_log_origin(&origin, reg));
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ck_assert_ds_ok(ds_checkpoint_open(&cp, note, strlen(note), origin, key));
	ck_assert_int_eq(ds_checkpoint_size(cp), count_rows("events"));
	(void)apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 10));
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_checkpoint_free(cp);
	ds_key_free(key);
	ds_free(note);
	ds_free(origin);
}
END_TEST

/* The same row inserted by another connection while the registry is open:
 * its next write is refused (it would log its own event after a gap). */
START_TEST(forged_event_while_open)
{
	int64_t events = count_rows("events");
	char want[64];
	uint64_t bad = 0;
	forge_event(db);
	snprintf(want, sizeof want, "event %lld ", (long long)events + 1);
	ck_assert_ds_err(ds_registry_subject_add(reg, "91110000600037341L", "另一企业", DS_SUBJECT_UNSPECIFIED),
			 DS_EVERIFY);
	ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_int_eq(count_rows("subjects"), 2);
	ck_assert_ds_err(ds_registry_log_verify(&bad, reg), DS_EVERIFY);
	ck_assert_msg(message_has(want), "%s", ds_error_last()->message);
	ck_assert_int_eq(bad, events);
	/* Once the row is removed and the events' sequence set back (after
	 * investigation, as docs/registry.md says), writes go on. */
	ck_assert_ds_ok(
		ds__store_exec(reg->store, pg_base ? /* ids are MAX + 1 there: nothing to set back */
						   "DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)" :
						   "DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events);"
						   "UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM events)"
						   " WHERE name = 'events'"));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ck_assert_ds_ok(ds_registry_subject_add(reg, "91110000600037341L", "另一企业", DS_SUBJECT_UNSPECIFIED));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}
END_TEST

/* ---------------------------------------------------------------- signing keys */

START_TEST(keys_generate_and_rotate)
{
	char *id1 = NULL, *id2 = NULL, *pem1 = NULL, *pem2 = NULL, *cur = NULL, *kid = NULL, path[600];
	ds_key *key = NULL, *pub = NULL;
	int64_t events;
	/* No key yet. */
	ck_assert_ds_err(ds_registry_public_key(&cur, reg, NULL), DS_ENOTFOUND);
	ck_assert_ds_err(ds_registry_key_load(&key, reg, NULL), DS_ENOTFOUND);
	ck_assert_ptr_null(key);
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_key_generate(&id1, reg, (ds_sig_alg)99), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "alg");
	ck_assert_ptr_null(id1);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("keys"), 0);

	ck_assert_ds_ok(ds_registry_key_generate(&id1, reg, DS_SIG_ED25519));
	ck_assert_int_eq(strlen(id1), 64);
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_int_eq(ds_translog_size(reg->log), (uint64_t)count_rows("events"));
	ck_assert_ds_ok(ds_registry_public_key(&pem1, reg, NULL));
	ck_assert_ptr_nonnull(strstr(pem1, "BEGIN PUBLIC KEY"));
	/* The private key file: mode 0600, the recorded key, and it signs what the public key verifies. */
	snprintf(path, sizeof path, "%s.%.16s.key.pem", ds__store_files(reg->store), id1);
	{
		struct stat st;
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 0777, 0600);
	}
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ck_assert_ds_ok(ds_key_id(&kid, key));
	ck_assert_str_eq(kid, id1);
	ds_free(kid);
	ck_assert_ds_ok(ds_key_parse(&pub, pem1, strlen(pem1)));
	{
		unsigned char *sig = NULL;
		size_t n = 0;
		ck_assert_ds_ok(ds_key_sign(&sig, &n, key, "abc", 3));
		ck_assert_ds_ok(ds_key_verify(pub, "abc", 3, sig, n));
		ds_free(sig);
	}
	ds_key_free(pub);
	ds_key_free(key);
	key = NULL;

	/* Rotation: SM2 becomes current; the Ed25519 key stays loadable and public. */
	ck_assert_ds_ok(ds_registry_key_generate(&id2, reg, DS_SIG_SM2_SM3));
	ck_assert_str_ne(id1, id2);
	ck_assert_int_eq(count_rows("keys"), 2);
	ck_assert_ds_ok(ds_registry_public_key(&pem2, reg, NULL));
	ck_assert_str_ne(pem1, pem2);
	ck_assert_ds_ok(ds_registry_public_key(&cur, reg, id1));
	ck_assert_str_eq(cur, pem1);
	ds_free(cur);
	cur = NULL;
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ck_assert_int_eq(ds_key_alg(key), DS_SIG_SM2_SM3);
	ds_key_free(key);
	key = NULL;
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, id1));
	ck_assert_int_eq(ds_key_alg(key), DS_SIG_ED25519);
	ds_key_free(key);
	key = NULL;
	ck_assert_ds_err(ds_registry_public_key(&cur, reg, "00"), DS_ENOTFOUND);
	ck_assert_str_eq(ds_error_last()->field, "key_id");
	ck_assert_ptr_null(cur);

	/* A private key file readable by the group is refused. */
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert_ds_err(ds_registry_key_load(&key, reg, id1), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "group or others"));
	ck_assert_ptr_null(key);
	ck_assert_int_eq(chmod(path, 0600), 0);
	/* A file holding another key is refused. */
	{
		char other[600], cmd[1400];
		snprintf(other, sizeof other, "%s.%.16s.key.pem", ds__store_files(reg->store), id2);
		snprintf(cmd, sizeof cmd, "cp -p '%s' '%s'", other, path);
		ck_assert_int_eq(system(cmd), 0);
	}
	ck_assert_ds_err(ds_registry_key_load(&key, reg, id1), DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "is not the registry's key"));
	ck_assert_ptr_null(key);
	ck_assert_ds_ok(ds__registry_log_verify(reg, NULL));
	ds_free(id1);
	ds_free(id2);
	ds_free(pem1);
	ds_free(pem2);
}
END_TEST

START_TEST(log_head_and_profiles)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registry *gm = NULL;
	ds_translog *log = NULL;
	ds_checkpoint *cp = NULL;
	ds_key *pub = NULL;
	char *note = NULL, *pem = NULL, *origin = NULL, path[400];
	ds_hash root;
	uint64_t bad = 99;
	/* The international registry: no key yet, then a head signed with it. */
	ck_assert_ds_err(ds_registry_log_head(&note, reg, 0), DS_ENOTFOUND);
	ck_assert_ptr_null(note);
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	ck_assert_ds_err(ds_registry_log_head(&note, reg, -1), DS_EINVAL);
	ck_assert_ds_ok(ds_registry_log_head(&note, reg, 1700000000));
	ck_assert_ds_ok(ds_registry_log_origin(&origin, reg));
	ck_assert_str_eq(origin, "datasset-registry/370100");
	ck_assert_ds_ok(ds_registry_public_key(&pem, reg, NULL));
	ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
	ck_assert_ds_ok(ds_checkpoint_open(&cp, note, strlen(note), origin, pub));
	ck_assert_ds_ok(ds_registry_log(&log, reg));
	ck_assert_int_eq(ds_checkpoint_size(cp), ds_translog_size(log));
	ck_assert_int_eq(ds_checkpoint_timestamp(cp), 1700000000);
	{
		ds_hash signed_root;
		ck_assert_ds_ok(ds_checkpoint_root(&signed_root, cp));
		ck_assert_ds_ok(ds_translog_root(&root, log, ds_translog_size(log)));
		ck_assert(ds_hash_equal(&signed_root, &root));
	}
	ck_assert_ds_ok(ds_registry_log_verify(&bad, reg));
	ds_checkpoint_free(cp);
	ds_key_free(pub);
	ds_free(pem);
	ds_free(note);
	ds_free(origin);
	note = NULL;

	/* An unknown log digest is refused before any file is made. */
	location(path, sizeof path, "gm");
	opts.log_hash = (ds_hash_alg)77;
	ck_assert_ds_err(ds_registry_create(&gm, path, "国密登记", "370100", &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "log_hash");
	ck_assert_int_ne(access(path, F_OK), 0);
	/* The 国密 profile: an SM3 log from the first event; an Ed25519 key cannot sign its heads. */
	opts.log_hash = DS_HASH_SM3;
	ck_assert_ds_ok(ds_registry_create(&gm, path, "国密登记", "370100", &opts));
	ck_assert_ds_ok(ds_registry_log(&log, gm));
	ck_assert_int_eq(ds_translog_hash_alg(log), DS_HASH_SM3);
	ck_assert_int_eq(ds_translog_size(log), 2); /* the registry and its official calendar */
	ck_assert_ds_ok(ds_registry_key_generate(NULL, gm, DS_SIG_ED25519));
	ck_assert_ds_err(ds_registry_log_head(&note, gm, 0), DS_EUNSUPPORTED);
	ck_assert_ds_ok(ds_registry_key_generate(NULL, gm, DS_SIG_SM2_SM3));
	ck_assert_ds_ok(ds_registry_log_head(&note, gm, 0));
	ds_free(note);
	ds_registry_free(gm);
	gm = NULL;
	/* Reopened, it is still SM3 (options are ignored on open). */
	ck_assert_ds_ok(ds_registry_open(&gm, path, NULL));
	ck_assert_ds_ok(ds_registry_log(&log, gm));
	ck_assert_int_eq(ds_translog_hash_alg(log), DS_HASH_SM3);
	ck_assert_int_eq(ds_translog_size(log), 4);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, gm));
	ds_registry_free(gm);
}
END_TEST

/* Take registration @id from SUBMITTED to PUBLICITY on 2025-03-03. */
static void to_publicity(int64_t id)
{
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)));
}

static int64_t state_of(int64_t id)
{
	ds_registration *r = NULL;
	int64_t state;
	ck_assert_ds_ok(ds_registry_get(&r, reg, id));
	state = r->state;
	ds_free(r);
	return state;
}

/* Issuance at REGISTERED: refused without a key (nothing changes, the number
 * is not used up); with one, a signed certificate whose log entry is the last
 * event, that verifies offline with the public key alone, and whose failures
 * are named; refused again under a key of the other profile than the log's. */
START_TEST(certificate_issued_at_registration)
{
	ds_certificate_report *report = NULL;
	ds_certificate *cert = NULL;
	ds_key *pub = NULL;
	char *xml = NULL, *pem = NULL, *number = NULL, *tampered, *at_sign;
	char *other_xml = NULL;
	int64_t keyed, other, events;
	size_t i;
	int found = 0;

	keyed = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	to_publicity(keyed);
	events = count_rows("events");
	ck_assert_ds_err(advance(keyed, DS_STATE_REGISTERED, at(2025, 3, 18, 9)), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "key");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "the registry has no signing key"));
	ck_assert_unchanged(events);
	ck_assert_int_eq(state_of(keyed), DS_STATE_PUBLICITY);
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_int_eq(count_rows("certificate_sequences"), 0);
	ck_assert_ds_err(ds_registry_certificate(&xml, reg, keyed), DS_ENOTFOUND);
	ck_assert_ptr_null(xml);

	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	events = count_rows("events");
	ck_assert_ds_ok(advance(keyed, DS_STATE_REGISTERED, at(2025, 3, 18, 9)));
	/* transition, certificate number, certificate document */
	ck_assert_int_eq(count_rows("events"), events + 3);
	ck_assert_int_eq(count_rows("certificates"), 1);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ck_assert_ds_err(ds_registry_certificate(NULL, reg, keyed), DS_EINVAL);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, keyed));
	ck_assert_ds_ok(ds_certificate_parse(&cert, xml, strlen(xml)));
	ck_assert_int_eq(ds_certificate_is_cancellation(cert), 0);
	/* The refused attempt did not use up sequence 1 (gap-free). */
	ck_assert_ds_ok(ds_certificate_number_format(&number, "370100", 2025, 'P', 1));
	ck_assert_str_eq(ds_certificate_number(cert), number);
	ck_assert_ptr_nonnull(strstr(xml, "<creditCode>" SELLER "</creditCode>"));
	ck_assert_ptr_nonnull(strstr(xml, "<name>测试企业</name>"));
	ck_assert_ptr_nonnull(strstr(xml, "registration=\"2025-03-18\""));
	ck_assert_ptr_nonnull(strstr(xml, "application=\"2025-03-03\""));
	ck_assert_ds_ok(ds_registry_public_key(&pem, reg, NULL));
	ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
	ck_assert_ds_ok(ds_certificate_verify(&report, xml, strlen(xml), pub, NULL));
	ds_certificate_report_free(report);
	report = NULL;
	/* A changed registrant name breaks the signature, and the report says so. */
	tampered = ds__strdup(xml);
	ck_assert_ptr_nonnull(tampered);
	at_sign = strstr(tampered, "测试企业");
	ck_assert_ptr_nonnull(at_sign);
	memcpy(at_sign, "测试公司", strlen("测试公司"));
	ck_assert_ds_err(ds_certificate_verify(&report, tampered, strlen(tampered), pub, NULL), DS_EVERIFY);
	for (i = 0; i < ds_certificate_report_count(report); i++) {
		ds_certificate_check check;
		ck_assert_ds_ok(ds_certificate_report_at(&check, report, i));
		if (strcmp(check.name, "signature") == 0 && check.passed == 0)
			found = 1;
	}
	ck_assert_int_eq(found, 1);
	/* A current key of the other profile than the log's: refused, naming both. */
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_SM2_SM3));
	other = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	to_publicity(other);
	events = count_rows("events");
	ck_assert_ds_err(advance(other, DS_STATE_REGISTERED, at(2025, 3, 18, 9)), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "key");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "SM2/SM3, whose digest is not the log's (SHA-256)"));
	ck_assert_unchanged(events);
	ck_assert_int_eq(state_of(other), DS_STATE_PUBLICITY);
	ck_assert_ds_err(ds_registry_certificate(&other_xml, reg, other), DS_ENOTFOUND);
	ck_assert_ptr_null(other_xml);
	ck_assert_int_eq(count_rows("certificates"), 1);
	/* 注销 directly needs the key too: the cancellation record cannot be signed. */
	ck_assert_ds_err(advance(keyed, DS_STATE_CANCELLED, at(2025, 4, 1, 9)), DS_ESTATE);
	ck_assert_str_eq(ds_error_last()->field, "key");
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "cancellation record"));
	ck_assert_unchanged(events);
	ck_assert_int_eq(state_of(keyed), DS_STATE_REGISTERED);
	ck_assert_int_eq(count_rows("cancellations"), 0);
	ds_certificate_report_free(report);
	ds__free(tampered);
	ds_certificate_free(cert);
	ds_key_free(pub);
	ds_free(pem);
	ds_free(number);
	ds_free(xml);
}
END_TEST

/* Verify @xml with the registry's current public key; return the report's text. */
static char *verify_text(ds_registry *r, const char *xml, int expected)
{
	ds_certificate_report *report = NULL;
	ds_key *pub = NULL;
	char *pem = NULL, *text = NULL;
	ck_assert_ds_ok(ds_registry_public_key(&pem, r, NULL));
	ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
	ck_assert_int_eq(ds_certificate_verify(&report, xml, strlen(xml), pub, NULL), expected);
	ck_assert_ds_ok(ds_certificate_report_to_text(&text, report));
	ds_certificate_report_free(report);
	ds_key_free(pub);
	ds_free(pem);
	return text;
}

/* 注销 in one profile: directly (REGISTERED → CANCELLED) and by registering a
 * 注销登记; each issues a signed cancellation record in the transaction, logged
 * as the last event, that names what it cancels, verifies offline, and fails
 * when tampered with. */
static void check_cancellations(ds_hash_alg log_hash, ds_sig_alg alg)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_certificate *rec = NULL;
	char *cert_xml = NULL, *xml = NULL, *by_xml = NULL, *text = NULL, *tampered, *where, *summary = NULL;
	int64_t direct, second, cancel, events;
	ds_translog *log = NULL;

	if (log_hash == DS_HASH_SM3) {
		/* A 国密 registry in place of the fixture's: SM3 log, SM2 key. */
		ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
		char path[1200];
		ds_registry_free(reg);
		location(path, sizeof path, "gm");
		opts.log_hash = DS_HASH_SM3;
		ck_assert_ds_ok(ds_registry_create(&reg, path, "国密登记平台", "370100", &opts));
		ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, alg));
		ck_assert_ds_ok(ds_registry_load_calendar(NULL, reg, sample_calendar()));
		ck_assert_ds_ok(ds_registry_subject_add(reg, SELLER, "测试企业", DS_SUBJECT_UNSPECIFIED));
	}
	/* Direct: REGISTERED → CANCELLED. */
	direct = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds_registry_certificate(&cert_xml, reg, direct));
	ck_assert_ds_err(ds_registry_cancellation(&xml, reg, direct), DS_ENOTFOUND);
	ck_assert_str_eq(ds_error_last()->field, "id");
	ck_assert_ptr_null(xml);
	ck_assert_ds_err(ds_registry_cancellation(NULL, reg, direct), DS_EINVAL);
	events = count_rows("events");
	ck_assert_ds_ok(advance(direct, DS_STATE_CANCELLED, at(2025, 4, 1, 9)));
	/* the transition and the cancellation record */
	ck_assert_int_eq(count_rows("events"), events + 2);
	ck_assert_int_eq(count_rows("cancellations"), 1);
	ck_assert_ds_ok(ds_registry_log(&log, reg));
	ck_assert_int_eq(ds_translog_size(log), (uint64_t)count_rows("events"));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ck_assert_ds_ok(ds_registry_cancellation(&xml, reg, direct));
	ck_assert_ptr_nonnull(strstr(xml, "<cancellation xmlns=\"urn:datasset:certificate:1\""));
	ck_assert_ptr_nonnull(strstr(xml, "cancellation=\"2025-04-01\" registration=\"2025-03-18\""));
	ck_assert_ptr_nonnull(strstr(xml, "<reason>材料齐全</reason>"));
	ck_assert_ptr_null(strstr(xml, "cancelledBy"));
	ck_assert_ds_ok(ds_certificate_parse(&rec, xml, strlen(xml)));
	ck_assert_int_eq(ds_certificate_is_cancellation(rec), 1);
	/* It names the cancelled certificate: the number in that certificate. */
	{
		char needle[64];
		snprintf(needle, sizeof needle, ">%s</number>", ds_certificate_number(rec));
		ck_assert_ptr_nonnull(strstr(cert_xml, needle));
	}
	ck_assert_ds_ok(ds_certificate_summary(&summary, rec));
	ck_assert_ptr_nonnull(strstr(summary, "document: cancellation record (注销)\n"));
	ck_assert_ptr_nonnull(strstr(summary, "cancelled: 2025-04-01\n"));
	ck_assert_ptr_nonnull(strstr(summary, "cancelled (大写): 贰零贰伍年肆月零壹日\n"));
	text = verify_text(reg, xml, DS_OK);
	ck_assert_ptr_nonnull(strstr(text, "ok   structure: a valid cancellation record (注销) of certificate"));
	ck_assert_ptr_nonnull(strstr(text, "ok   signature:"));
	ck_assert_ptr_nonnull(strstr(text, "ok   inclusion:"));
	ck_assert_ptr_null(strstr(text, "fingerprint"));
	ds_free(text);
	/* Tampering: another reason fails the signature and the inclusion. */
	tampered = ds__strdup(xml);
	where = strstr(tampered, "材料齐全");
	memcpy(where, "材料不全", strlen("材料不全"));
	text = verify_text(reg, tampered, DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(text, "FAIL signature:"));
	ck_assert_ptr_nonnull(strstr(text, "FAIL inclusion:"));
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "cancellation record does not verify"));
	ds_free(text);
	ds__free(tampered);
	/* ... and a cancellation date in words that does not match its date. */
	tampered = ds__strdup(xml);
	where = strstr(tampered, "cancellation=\"2025-04-01\"");
	memcpy(where, "cancellation=\"2025-04-02\"", strlen("cancellation=\"2025-04-02\""));
	text = verify_text(reg, tampered, DS_EVERIFY);
	ck_assert_ptr_nonnull(strstr(text, "FAIL dates: the cancellation date in words"));
	ds_free(text);
	ds__free(tampered);
	/* Cancelled is final. */
	ck_assert_ds_err(advance(direct, DS_STATE_CANCELLED, at(2025, 4, 2, 9)), DS_ESTATE);
	ck_assert_int_eq(count_rows("cancellations"), 1);

	/* By a 注销登记: the record names it (cancelledBy) and is found under either id. */
	second = registered(DS_REG_PRODUCT);
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.type = DS_REG_CANCELLATION;
	req.changes = second;
	req.entry_path = fixture("entry.xml");
	req.at = at(2025, 5, 6, 9);
	ck_assert_ds_ok(ds_registry_apply(&cancel, reg, &req));
	ck_assert_ds_ok(advance(cancel, DS_STATE_ACCEPTED, at(2025, 5, 6, 10)));
	ck_assert_ds_ok(advance(cancel, DS_STATE_REVIEW, at(2025, 5, 6, 11)));
	ck_assert_ds_ok(advance(cancel, DS_STATE_PUBLICITY, at(2025, 5, 6, 12)));
	ck_assert_ds_ok(advance(cancel, DS_STATE_REGISTERED, at(2025, 6, 6, 9)));
	ck_assert_int_eq(state_of(second), DS_STATE_CANCELLED);
	ck_assert_ds_err(ds_registry_certificate(&by_xml, reg, cancel), DS_ENOTFOUND);
	ck_assert_ds_ok(ds_registry_cancellation(&by_xml, reg, cancel));
	ds_free(by_xml);
	ck_assert_ds_ok(ds_registry_cancellation(&by_xml, reg, second));
	{
		ds_registration *r = NULL;
		char needle[64];
		ck_assert_ds_ok(ds_registry_get(&r, reg, cancel));
		snprintf(needle, sizeof needle, "<cancelledBy>%s</cancelledBy>", r->certificate);
		ck_assert_ptr_nonnull(strstr(by_xml, needle));
		ds_free(r);
		ck_assert_ds_ok(ds_registry_get(&r, reg, second));
		snprintf(needle, sizeof needle, "registration=\"%lld\">%s</cancels>", (long long)second,
			 r->certificate);
		ck_assert_ptr_nonnull(strstr(by_xml, needle));
		ds_free(r);
	}
	text = verify_text(reg, by_xml, DS_OK);
	ck_assert_ptr_nonnull(strstr(text, "(cancelled by): check characters match"));
	ds_free(text);
	ck_assert_int_eq(count_rows("cancellations"), 2);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ds_certificate_free(rec);
	ds_free(summary);
	ds_free(cert_xml);
	ds_free(xml);
	ds_free(by_xml);
}

START_TEST(cancellation_records_ed25519)
{
	check_cancellations(DS_HASH_SHA256, DS_SIG_ED25519);
}
END_TEST

START_TEST(cancellation_records_sm2)
{
	check_cancellations(DS_HASH_SM3, DS_SIG_SM2_SM3);
}
END_TEST

/* ------------------------------------------------ documents signed at the end of a transaction */

/* The registry's current public key (PEM); free with ds_free(). */
static char *current_pem(void)
{
	char *pem = NULL;
	ck_assert_ds_ok(ds_registry_public_key(&pem, reg, NULL));
	return pem;
}

/* ds_certificate_verify() of @xml with the public key @pem. */
static int verify_with(const char *xml, const char *pem)
{
	ds_certificate_report *report = NULL;
	ds_key *pub = NULL;
	int rc;
	ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
	rc = ds_certificate_verify(&report, xml, strlen(xml), pub, NULL);
	ds_certificate_report_free(report);
	ds_key_free(pub);
	return rc;
}

/* The certificate of registration @id (its cancellation record when
 * @cancellation), read through the public API: it verifies with @pem, and its
 * checkpoint, signed with that key, is one of the registry's log (its root is
 * the log's at its size). Returns the checkpoint's tree size, and its text in
 * *@checkpoint when not NULL (free with ds__free()). */
static uint64_t document_checkpoint(char **checkpoint, int64_t id, int cancellation, const char *pem)
{
	ds_checkpoint *cp = NULL;
	ds_key *pub = NULL;
	ds_hash signed_root, root;
	char *xml = NULL, *origin = NULL, *text;
	const char *start, *end;
	uint64_t size;

	if (cancellation)
		ck_assert_ds_ok(ds_registry_cancellation(&xml, reg, id));
	else
		ck_assert_ds_ok(ds_registry_certificate(&xml, reg, id));
	ck_assert_ds_ok(verify_with(xml, pem));
	start = strstr(xml, "<checkpoint>");
	ck_assert_ptr_nonnull(start);
	start += strlen("<checkpoint>");
	end = strstr(start, "</checkpoint>");
	ck_assert_ptr_nonnull(end);
	text = ds__strndup(start, (size_t)(end - start));
	ck_assert_ptr_nonnull(text);
	ck_assert_ds_ok(ds_registry_log_origin(&origin, reg));
	ck_assert_ds_ok(ds_key_parse(&pub, pem, strlen(pem)));
	ck_assert_ds_ok(ds_checkpoint_open(&cp, text, strlen(text), origin, pub));
	size = ds_checkpoint_size(cp);
	ck_assert_uint_le(size, ds_translog_size(reg->log));
	ck_assert_ds_ok(ds_checkpoint_root(&signed_root, cp));
	ck_assert_ds_ok(ds_translog_root(&root, reg->log, size));
	ck_assert(ds_hash_equal(&signed_root, &root));
	ds_checkpoint_free(cp);
	ds_key_free(pub);
	ds_free(origin);
	ds_free(xml);
	if (checkpoint)
		*checkpoint = text;
	else
		ds__free(text);
	return size;
}

/* The log's size as log_state holds it once what the registry keeps in
 * memory is written (read on the registry's connection, so inside a batch
 * too), the number of events and the log's size agree. */
static void check_log_state(void)
{
	int64_t events = count_rows("events");
	ck_assert_ds_ok(ds__registry_log_sync(reg));
	ck_assert_int_eq(query_int("SELECT size FROM log_state WHERE id = 1"), events);
	ck_assert_int_eq(ds_translog_size(reg->log), events);
}

/* Five registrations in one batch (@bulk: a bulk batch): their certificates
 * wait until the commit, which signs all five under one checkpoint of the log
 * as it stands then. */
static void check_one_checkpoint(int bulk)
{
	int64_t ids[5], certificates = count_rows("certificates");
	char *pem = current_pem(), *first = NULL;
	uint64_t size;
	int i;

	ck_assert_ds_ok(bulk ? ds_registry_begin_bulk(reg) : ds_registry_begin(reg));
	for (i = 0; i < 5; i++)
		ids[i] = registered(DS_REG_PRODUCT);
	/* Numbered and logged, not yet signed nor stored (same connection: the batch's own view). */
	ck_assert_int_eq(reg->pending_count, 5);
	ck_assert_int_eq(count_rows("certificates"), certificates);
	size = ds_translog_size(reg->log);
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(reg->pending_count, 0);
	ck_assert_int_eq(count_rows("certificates"), certificates + 5);
	ck_assert_int_eq(ds_translog_size(reg->log), size); /* signing appends nothing */
	for (i = 0; i < 5; i++) {
		char *text = NULL;
		ck_assert_int_eq(document_checkpoint(&text, ids[i], 0, pem), size);
		if (!first) {
			first = text;
		} else {
			ck_assert_str_eq(text, first);
			ds__free(text);
		}
	}
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds__free(first);
	ds_free(pem);
}

START_TEST(batch_signs_one_checkpoint)
{
	check_one_checkpoint(0);
}
END_TEST

START_TEST(bulk_batch_signs_one_checkpoint)
{
	check_one_checkpoint(1);
}
END_TEST

/* Reading a certificate inside the batch signs what waits, under the tree as
 * it stands; the document is not signed again at the commit. */
START_TEST(certificate_read_inside_batch)
{
	char *pem = current_pem(), *inside = NULL, *after = NULL;
	int64_t a, b;
	uint64_t size_a, size_b;

	ck_assert_ds_ok(ds_registry_begin(reg));
	a = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 1);
	size_a = document_checkpoint(NULL, a, 0, pem);
	ck_assert_int_eq(size_a, ds_translog_size(reg->log));
	ck_assert_int_eq(reg->pending_count, 0);
	ck_assert_int_eq(count_rows("certificates"), 1);
	ck_assert_ds_ok(ds_registry_certificate(&inside, reg, a));
	b = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 1);
	ck_assert_ds_ok(ds_registry_commit(reg));
	size_b = document_checkpoint(NULL, b, 0, pem);
	ck_assert_int_eq(size_b, ds_translog_size(reg->log));
	ck_assert_uint_lt(size_a, size_b);
	ck_assert_ds_ok(ds_registry_certificate(&after, reg, a));
	ck_assert_str_eq(after, inside);
	ck_assert_int_eq(document_checkpoint(NULL, a, 0, pem), size_a);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(inside);
	ds_free(after);
	ds_free(pem);
}
END_TEST

/* A level rolled back inside a batch (a failing call) forgets the documents
 * it issued and the log size it had not written; a level released hands its
 * documents to the batch, and an empty level rolled back after it leaves them. */
START_TEST(failed_call_forgets_its_documents)
{
	char *pem = current_pem(), *number = NULL, sql[96];
	ds_registration *r = NULL;
	int64_t a, b, c, registrations;

	ck_assert_ds_ok(ds_registry_begin(reg));
	a = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 1);
	registrations = count_rows("registrations");
	ck_assert_ds_ok(ds__store_begin(reg->store));
	b = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 2);
	ds__store_rollback(reg->store);
	ck_assert_int_eq(reg->pending_count, 1);
	ck_assert_ds_err(ds_registry_get(&r, reg, b), DS_ENOTFOUND);
	ck_assert_int_eq(count_rows("registrations"), registrations);
	check_log_state();
	ck_assert_ds_ok(ds__store_begin(reg->store));
	c = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds__store_commit(reg->store));
	ck_assert_int_eq(reg->pending_count, 2);
	ck_assert_ds_ok(ds__store_begin(reg->store));
	ds__store_rollback(reg->store);
	ck_assert_int_eq(reg->pending_count, 2);
	check_log_state();
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_ds_ok(ds_registry_commit(reg));
	/* Exactly A and C, under one checkpoint; C took the number B gave back. */
	ck_assert_int_eq(count_rows("certificates"), 2);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM certificates WHERE registration IN (%lld, %lld)", (long long)a,
		 (long long)c);
	ck_assert_int_eq(query_int(sql), 2);
	ck_assert_int_eq(document_checkpoint(NULL, a, 0, pem), document_checkpoint(NULL, c, 0, pem));
	ck_assert_ds_ok(ds_registry_get(&r, reg, c));
	ck_assert_ds_ok(ds_certificate_number_format(&number, "370100", 2025, 'P', 2));
	ck_assert_str_eq(r->certificate, number);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(r);
	ds_free(number);
	ds_free(pem);
}
END_TEST

/* After a batch was rolled back: nothing of it is kept, waiting or being
 * sealed (@events still counted), and the next registration is issued under
 * the tree as it stands. */
static void check_nothing_kept(int64_t events, const char *pem)
{
	int64_t a;
	ck_assert_int_eq(reg->pending_count + ds__registry_sealing_count(reg), 0);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("certificates"), 0);
	check_log_state();
	a = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(document_checkpoint(NULL, a, 0, pem), ds_translog_size(reg->log));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}

/* A batch rolled back forgets every document it issued, and the keys retired
 * meanwhile (a rotation inside it); the next registration signs with the key
 * current again. */
START_TEST(batch_rollback_forgets_documents)
{
	char *pem = current_pem(), *xml = NULL;
	int64_t a, events = count_rows("events");

	ck_assert_ds_ok(ds_registry_begin(reg));
	a = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	(void)registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 2);
	ck_assert_uint_ge(reg->retired_count, 1);
	ck_assert_ds_ok(ds_registry_rollback(reg));
	ck_assert_int_eq(reg->retired_count, 0);
	ck_assert_ds_err(ds_registry_certificate(&xml, reg, a), DS_ENOTFOUND);
	ck_assert_ptr_null(xml);
	check_nothing_kept(events, pem);
	ds_free(pem);
}
END_TEST

/* Options: a version 1 struct (before @signing) is still taken, and the
 * init function fills only what that version has; unknown versions and
 * signing modes are refused, naming the field, and open nothing. */
START_TEST(options_versions)
{
	ds_registry_options opts;
	ds_registry *other = NULL;

	memset(&opts, 0x5a, sizeof opts);
	ck_assert_ds_ok(ds_registry_options_init(&opts, 1));
	ck_assert_uint_eq(opts.version, 1);
	ck_assert_int_eq(opts.synchronous, DS_REGISTRY_SYNC_FULL);
	ck_assert_int_eq((int)opts.signing, 0x5a5a5a5a); /* past a version 1 struct: untouched */
	ds_registry_free(reg);
	reg = NULL;
	ck_assert_ds_ok(ds_registry_open(&reg, db, &opts));
	ck_assert_int_eq(reg->seal_in_background, 1);
	ck_assert_ds_ok(ds_registry_options_init(&opts, DS_REGISTRY_OPTIONS_VERSION));
	ck_assert_int_eq(opts.signing, DS_REGISTRY_SIGN_BACKGROUND);
	ck_assert_ds_err(ds_registry_options_init(&opts, 0), DS_EINVAL);
	ck_assert_ds_err(ds_registry_options_init(&opts, DS_REGISTRY_OPTIONS_VERSION + 1), DS_EINVAL);
	opts.version = DS_REGISTRY_OPTIONS_VERSION + 1;
	ck_assert_ds_err(ds_registry_open(&other, db, &opts), DS_EINVAL);
	ck_assert_ptr_null(other);
	opts.version = DS_REGISTRY_OPTIONS_VERSION;
	opts.signing = (ds_registry_signing)7;
	ck_assert_ds_err(ds_registry_open(&other, db, &opts), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "signing");
	ck_assert_ptr_null(other);
	opts.signing = DS_REGISTRY_SIGN_CALLER;
	ck_assert_ds_ok(ds_registry_open(&other, db, &opts));
	ck_assert_int_eq(other->seal_in_background, 0);
	ds_registry_free(other);
}
END_TEST

/* Reopen the test registry with @signing. */
static void reopen(ds_registry_signing signing)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	opts.signing = signing;
	ds_registry_free(reg);
	reg = NULL;
	ck_assert_ds_ok(ds_registry_open(&reg, db, &opts));
}

/* Documents issued in the open batch and not stored yet: waiting, or being
 * sealed on the helper thread. */
static int64_t unstored(void)
{
	return (int64_t)(reg->pending_count + ds__registry_sealing_count(reg));
}

/* Inside a batch, once DS__PENDING_SETTLE documents wait, the next transition
 * signs them first (here or on the helper thread): what waits stays bounded
 * and every document is stored, waiting or being sealed. */
static void check_settle_bounds(ds_registry_signing signing)
{
	enum { N = 70 };
	int64_t ids[N];
	uint64_t sizes[N];
	char *pem = current_pem();
	int i, j, distinct = 0, handed = 0;

	reopen(signing);
	ck_assert_ds_ok(ds_registry_begin(reg));
	for (i = 0; i < N; i++) {
		ids[i] = registered(DS_REG_PRODUCT);
		ck_assert_uint_le(reg->pending_count, DS__PENDING_SETTLE + 1);
		ck_assert_int_eq(count_rows("certificates") + unstored(), i + 1);
		handed |= ds__registry_sealing_count(reg) > 0;
	}
	/* The caller's thread seals in place; the background mode hands slices over. */
	ck_assert_int_eq(handed, signing == DS_REGISTRY_SIGN_BACKGROUND);
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(unstored(), 0);
	ck_assert_int_eq(count_rows("certificates"), N);
	for (i = 0; i < N; i++) {
		sizes[i] = document_checkpoint(NULL, ids[i], 0, pem);
		for (j = 0; j < i && sizes[j] != sizes[i]; j++)
			;
		distinct += j == i;
	}
	/* At most 33 waiting at a time: 70 documents took three signings at least. */
	ck_assert_int_ge(distinct, 3);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(pem);
}

START_TEST(settle_bounds_pending)
{
	check_settle_bounds(DS_REGISTRY_SIGN_BACKGROUND);
}
END_TEST

START_TEST(settle_bounds_pending_on_caller)
{
	check_settle_bounds(DS_REGISTRY_SIGN_CALLER);
}
END_TEST

/* Register until a slice is being sealed on the helper thread: @n registered
 * in the open batch, their ids in @ids. */
static void until_sealing(int64_t *ids, int n)
{
	int i;
	for (i = 0; i < n; i++)
		ids[i] = registered(DS_REG_PRODUCT);
	ck_assert_uint_gt(ds__registry_sealing_count(reg), 0);
}

/* The same batch in two copies of one registry, one sealing on the helper
 * thread (@hold: the helper signs the checkpoints and the caller, coming for
 * the slice, seals the documents) and one on the caller's: Ed25519 is
 * deterministic, so every certificate is the same byte for byte. */
static void check_background_matches_caller(int hold)
{
	enum { N = 75 };
	ds_registry *other = NULL, *background;
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	char copy[1200], cmd[1200];
	int64_t ids[N];
	int i, round;

	ds_registry_free(reg);
	reg = NULL;
	if (pg_base) {
		/* Another registry of the database, the same rows and keys. */
		location(copy, sizeof copy, "copy");
		ck_assert_ds_ok(ds_registry_copy(NULL, db, copy));
	} else {
		snprintf(copy, sizeof copy, "%s/copy", dir);
		snprintf(cmd, sizeof cmd, "mkdir '%s/copy' && cp '%s'/r.db* '%s/copy'/", dir, dir, dir);
		ck_assert_int_eq(system(cmd), 0);
		snprintf(copy, sizeof copy, "%s/copy/r.db", dir);
	}
	ck_assert_ds_ok(ds_registry_open(&background, db, NULL));
	background->seal_hold = hold;
	opts.signing = DS_REGISTRY_SIGN_CALLER;
	ck_assert_ds_ok(ds_registry_open(&other, copy, &opts));
	for (round = 0; round < 2; round++) {
		reg = round == 0 ? background : other;
		ck_assert_ds_ok(ds_registry_begin(reg));
		for (i = 0; i < N; i++)
			ids[i] = registered(DS_REG_PRODUCT);
		ck_assert_ds_ok(ds_registry_commit(reg));
	}
	for (i = 0; i < N; i++) {
		char *a = NULL, *b = NULL;
		ck_assert_ds_ok(ds_registry_certificate(&a, background, ids[i]));
		ck_assert_ds_ok(ds_registry_certificate(&b, other, ids[i]));
		ck_assert_str_eq(a, b);
		ds_free(a);
		ds_free(b);
	}
	/* Two slices of 32 each: shared as the timing goes, or (held) all by the caller. */
	if (hold)
		ck_assert_uint_eq(background->sealed_by_caller, 2 * DS__PENDING_SETTLE);
	else
		ck_assert_uint_le(background->sealed_by_caller, 2 * DS__PENDING_SETTLE);
	ck_assert_uint_eq(other->sealed_by_caller, 0);
	ds_registry_free(other);
	reg = background;
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}

START_TEST(background_signing_matches_caller)
{
	check_background_matches_caller(0);
}
END_TEST

START_TEST(caller_helps_sealing)
{
	check_background_matches_caller(1);
}
END_TEST

/* A batch rolled back while a slice is being sealed keeps nothing of it; the
 * next registrations are issued as usual. */
START_TEST(rollback_while_sealing)
{
	int64_t ids[DS__PENDING_SETTLE + 2], events = count_rows("events");
	char *pem = current_pem();

	reg->seal_hold = _i; /* held: the rollback lets the helper go without helping it */
	ck_assert_ds_ok(ds_registry_begin(reg));
	until_sealing(ids, DS__PENDING_SETTLE + 2);
	ck_assert_ds_ok(ds_registry_rollback(reg));
	check_nothing_kept(events, pem);
	ds_free(pem);
}
END_TEST

/* Closing the registry while a slice is being sealed rolls the batch back
 * (and leaks nothing: the ASan run checks). */
START_TEST(free_while_sealing)
{
	int64_t ids[DS__PENDING_SETTLE + 2], events = count_rows("events");

	ck_assert_ds_ok(ds_registry_begin(reg));
	until_sealing(ids, DS__PENDING_SETTLE + 2);
	ds_registry_free(reg);
	reg = NULL;
	ck_assert_ds_ok(ds_registry_open(&reg, db, NULL));
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}
END_TEST

/* A key rotated while a slice that names the old key is being sealed: the old
 * key lives until the slice is done, and each document verifies under the key
 * it names. */
START_TEST(key_rotated_while_sealing)
{
	int64_t ids[DS__PENDING_SETTLE + 2], late;
	char *old_pem = current_pem(), *new_pem = NULL, *xml = NULL;
	int i;

	ck_assert_ds_ok(ds_registry_begin(reg));
	until_sealing(ids, DS__PENDING_SETTLE + 2);
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	new_pem = current_pem();
	late = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds_registry_commit(reg));
	for (i = 0; i < DS__PENDING_SETTLE + 2; i++) {
		ck_assert_ds_ok(ds_registry_certificate(&xml, reg, ids[i]));
		ck_assert_ds_ok(verify_with(xml, old_pem));
		ds_free(xml);
	}
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, late));
	ck_assert_ds_ok(verify_with(xml, new_pem));
	ck_assert_ds_err(verify_with(xml, old_pem), DS_EVERIFY);
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(old_pem);
	ds_free(new_pem);
}
END_TEST

/* A sealed slice that cannot be stored (a row in the way of its sixth
 * document) keeps what was stored, and the rest waits again, first in line:
 * the failure is reported, and once the way is clear the commit issues every
 * document, each verifiable. */
START_TEST(sealed_slice_store_failure)
{
	int64_t ids[DS__PENDING_SETTLE + 1];
	char *pem = current_pem(), *xml = NULL, sql[160];
	int i, handed;

	ck_assert_ds_ok(ds_registry_begin(reg));
	until_sealing(ids, DS__PENDING_SETTLE + 1);
	handed = (int)ds__registry_sealing_count(reg);
	ck_assert_int_eq(handed, DS__PENDING_SETTLE);
	snprintf(sql, sizeof sql,
		 "INSERT INTO certificates (registration, number, log_index, xml) VALUES (%lld, 'in the way', 0, '')",
		 (long long)ids[5]);
	ck_assert_ds_ok(ds__store_exec(reg->store, sql));
	/* Reading a document stores the slice first: five go in, the sixth fails. */
	ck_assert_int_lt(ds_registry_certificate(&xml, reg, ids[0]), 0);
	ck_assert_ptr_null(xml);
	if (pg_base) {
		/* PostgreSQL ends a transaction at its first failed statement: the
		 * batch cannot go on, and its commit rolls all of it back. */
		int64_t certificates;
		ck_assert_ds_err(ds_registry_commit(reg), DS_EDB);
		certificates = count_rows("certificates");
		ck_assert_int_eq(certificates, 0);
		ck_assert_int_eq(count_rows("registrations"), 0);
		ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
		check_log_state();
		ds_free(pem);
		return;
	}
	ck_assert_int_eq(ds__registry_sealing_count(reg), 0);
	ck_assert_int_eq(count_rows("certificates"), 5 + 1);
	ck_assert_int_eq(unstored(), handed - 5 + 1);
	snprintf(sql, sizeof sql, "DELETE FROM certificates WHERE number = 'in the way'");
	ck_assert_ds_ok(ds__store_exec(reg->store, sql));
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(count_rows("certificates"), DS__PENDING_SETTLE + 1);
	for (i = 0; i < DS__PENDING_SETTLE + 1; i++) {
		ck_assert_ds_ok(ds_registry_certificate(&xml, reg, ids[i]));
		ck_assert_ds_ok(verify_with(xml, pem));
		ds_free(xml);
	}
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(pem);
}
END_TEST

/* A key rotated inside the batch: a document waiting is signed with the key
 * it names (one checkpoint per key), the later one with the new key. */
START_TEST(key_rotated_inside_batch)
{
	char *old_pem = current_pem(), *new_pem = NULL, *xml = NULL;
	int64_t a, b;
	uint64_t size;

	ck_assert_ds_ok(ds_registry_begin(reg));
	a = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	new_pem = current_pem();
	ck_assert_str_ne(old_pem, new_pem);
	b = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 2);
	size = ds_translog_size(reg->log);
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(document_checkpoint(NULL, a, 0, old_pem), size);
	ck_assert_int_eq(document_checkpoint(NULL, b, 0, new_pem), size);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, a));
	ck_assert_ds_err(verify_with(xml, new_pem), DS_EVERIFY);
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, b));
	ck_assert_ds_err(verify_with(xml, old_pem), DS_EVERIFY);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(xml);
	ds_free(old_pem);
	ds_free(new_pem);
}
END_TEST

/* A bulk batch broken by a failing call commits none of the documents waiting in it. */
START_TEST(broken_bulk_batch_issues_nothing)
{
	char *pem = current_pem(), *xml = NULL;
	int64_t a, events = count_rows("events");

	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	a = registered(DS_REG_PRODUCT);
	(void)registered(DS_REG_PRODUCT);
	ck_assert_int_eq(reg->pending_count, 2);
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "dup", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	ck_assert_ds_err(ds_registry_commit(reg), DS_ESTATE);
	ck_assert_int_eq(reg->pending_count, 0);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("registrations"), 0);
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_ds_err(ds_registry_certificate(&xml, reg, a), DS_ENOTFOUND);
	ck_assert_ptr_null(xml);
	check_log_state();
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	/* The handle issues as usual afterwards. */
	a = registered(DS_REG_PRODUCT);
	ck_assert_int_eq(document_checkpoint(NULL, a, 0, pem), ds_translog_size(reg->log));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_free(pem);
}
END_TEST

/* In a broken bulk batch a transition is refused as every later call is
 * (DS_ESTATE, bulk_batch above), also when DS__PENDING_SETTLE documents wait
 * and would be signed first; nothing is committed. */
START_TEST(broken_bulk_batch_refuses_settling)
{
	int64_t first = 0, id, events = count_rows("events");
	int i;

	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	for (i = 0; i < DS__PENDING_SETTLE; i++) {
		id = registered(DS_REG_PRODUCT);
		if (!first)
			first = id;
	}
	ck_assert_int_eq(reg->pending_count, DS__PENDING_SETTLE);
	ck_assert_ds_err(ds_registry_subject_add(reg, SELLER, "dup", DS_SUBJECT_UNSPECIFIED), DS_EEXISTS);
	ck_assert_ds_err(advance(first, DS_STATE_CANCELLED, at(2025, 4, 1, 9)), DS_ESTATE);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "bulk batch"));
	ck_assert_ds_err(ds_registry_commit(reg), DS_ESTATE);
	ck_assert_int_eq(reg->pending_count, 0);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_int_eq(count_rows("cancellations"), 0);
	check_log_state();
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}
END_TEST

/* Verifying the log inside a bulk batch sees the batch's own appends: an
 * untouched log verifies (it did before the log's size was written per level). */
START_TEST(log_verify_inside_bulk_batch)
{
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	(void)registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	ck_assert_ds_ok(ds_registry_rollback(reg));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}
END_TEST

/* A read level rolled back inside a bulk batch undoes nothing, so the log
 * keeps its size: what a savepoint of an earlier batch noted is not taken back. */
START_TEST(bulk_read_level_keeps_log_size)
{
	ck_assert_ds_ok(ds_registry_begin(reg));
	(void)registered(DS_REG_PRODUCT); /* its calls open savepoints (level 2) */
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	(void)registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds__store_begin_read(reg->store));
	ds__store_rollback(reg->store);
	check_log_state();
	ck_assert_ds_ok(ds_registry_commit(reg));
	check_log_state();
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
}
END_TEST

/* Registered and cancelled in one batch: the certificate and the cancellation
 * record are both signed at the commit, under one checkpoint. */
START_TEST(cancellation_inside_batch)
{
	ds_certificate *cert = NULL, *rec = NULL;
	char *pem = current_pem(), *xml = NULL;
	int64_t a;
	uint64_t size;

	ck_assert_ds_ok(ds_registry_begin(reg));
	a = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(advance(a, DS_STATE_CANCELLED, at(2025, 4, 1, 9)));
	ck_assert_int_eq(reg->pending_count, 2);
	ck_assert_int_eq(count_rows("certificates"), 0);
	ck_assert_int_eq(count_rows("cancellations"), 0);
	size = ds_translog_size(reg->log);
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(state_of(a), DS_STATE_CANCELLED);
	ck_assert_int_eq(document_checkpoint(NULL, a, 0, pem), size);
	ck_assert_int_eq(document_checkpoint(NULL, a, 1, pem), size);
	/* The record cancels that certificate. */
	ck_assert_ds_ok(ds_registry_certificate(&xml, reg, a));
	ck_assert_ds_ok(ds_certificate_parse(&cert, xml, strlen(xml)));
	ds_free(xml);
	ck_assert_ds_ok(ds_registry_cancellation(&xml, reg, a));
	ck_assert_ds_ok(ds_certificate_parse(&rec, xml, strlen(xml)));
	ck_assert_int_eq(ds_certificate_is_cancellation(rec), 1);
	ck_assert_str_eq(ds_certificate_number(rec), ds_certificate_number(cert));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	ds_certificate_free(cert);
	ds_certificate_free(rec);
	ds_free(xml);
	ds_free(pem);
}
END_TEST

/* ---------------------------------------------------------------- key files after a crash */

static int file_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The current key's identifier. */
static char *current_key_id(void)
{
	char *pem = NULL, *id = NULL;
	ds_key *key = NULL;
	ck_assert_ds_ok(ds_registry_public_key(&pem, reg, NULL));
	ck_assert_ds_ok(ds_key_parse(&key, pem, strlen(pem)));
	ck_assert_ds_ok(ds_key_id(&id, key));
	ds_key_free(key);
	ds_free(pem);
	return id;
}

static void key_file(char *out, size_t size, const char *id, int pub, int tmp)
{
	snprintf(out, size, "%s.%.16s.%s.pem%s", db, id, pub ? "pub" : "key", tmp ? ".tmp" : "");
}

/* What a process killed during init or rotate-key leaves: the key files of a
 * recorded key still as .tmp (renamed into place by the next load or key
 * generation), and .tmp files of a key never recorded (removed by the next
 * key generation, which holds the write lock). A key file holding another
 * key, or only a public key, is refused with the file named. */
START_TEST(key_files_left_by_a_crash)
{
	char *id = current_key_id(), *id2 = NULL, priv[1300], pub[1300], priv_tmp[1300], pub_tmp[1300], stray[2][1300];
	char *other_pem = NULL, cmd[3000];
	ds_registry *other = NULL;
	ds_key *key = NULL;
	int k;
	FILE *f;

	key_file(priv, sizeof priv, id, 0, 0);
	key_file(pub, sizeof pub, id, 1, 0);
	key_file(priv_tmp, sizeof priv_tmp, id, 0, 1);
	key_file(pub_tmp, sizeof pub_tmp, id, 1, 1);
	ck_assert(file_exists(priv) && file_exists(pub));

	/* Recorded, left as .tmp: the load renames both into place. */
	ck_assert_int_eq(rename(priv, priv_tmp), 0);
	ck_assert_int_eq(rename(pub, pub_tmp), 0);
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ds_key_free(key);
	key = NULL;
	ck_assert(file_exists(priv) && file_exists(pub) && !file_exists(priv_tmp) && !file_exists(pub_tmp));

	/* Unrecorded .tmp files go, a recorded key's .tmp public file is
	 * settled, at the next key generation. */
	for (k = 0; k < 2; k++) {
		key_file(stray[k], sizeof stray[k], "0123456789abcdef", k, 1);
		ck_assert_ptr_nonnull(f = fopen(stray[k], "w"));
		fputs("half a key\n", f);
		fclose(f);
	}
	ck_assert_int_eq(rename(pub, pub_tmp), 0);
	ck_assert_ds_ok(ds_registry_key_generate(&id2, reg, DS_SIG_ED25519));
	ck_assert(!file_exists(stray[0]) && !file_exists(stray[1]));
	ck_assert(file_exists(pub) && !file_exists(pub_tmp));
	ck_assert_str_ne(id, id2);

	/* The old key's file replaced by another registry's key. */
	snprintf(cmd, sizeof cmd, "%s/other.db", dir);
	ck_assert_ds_ok(ds_registry_create(&other, cmd, "其他", "110000", NULL));
	ck_assert_ds_ok(ds_registry_key_generate(NULL, other, DS_SIG_ED25519));
	ck_assert_ds_ok(ds_registry_public_key(&other_pem, other, NULL));
	snprintf(cmd, sizeof cmd, "cp %s/other.db.*.key.pem '%s'", dir, priv);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_ds_err(ds_registry_key_load(&key, reg, id), DS_EVERIFY);
	ck_assert(message_has(") is not the registry's key "));
	ck_assert(message_has(id));
	/* A public key where the private one should be. */
	ck_assert_ptr_nonnull(f = fopen(priv, "w"));
	fputs(other_pem, f);
	fclose(f);
	ck_assert_ds_err(ds_registry_key_load(&key, reg, id), DS_EPARSE);
	ck_assert(message_has(": holds no private key"));
	ck_assert_ptr_null(key);
	/* The current key is untouched by all this. */
	ck_assert_ds_ok(ds_registry_key_load(&key, reg, NULL));
	ds_key_free(key);
	ck_assert_ds_err(ds_registry_key_load(&key, reg, "ffffffffffffffff"), DS_ENOTFOUND);
	ck_assert_ds_err(ds_registry_key_generate(NULL, reg, (ds_sig_alg)7), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "alg");
	ds_free(other_pem);
	ds_registry_free(other);
	ds_free(id2);
	ds_free(id);
}
END_TEST

/* ---------------------------------------------------------------- audit */

/* The seq of the last event of @type. */
static int64_t last_event(const char *type)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT MAX(seq) FROM events WHERE type = '%s'", type);
	return query_int(sql);
}

/* Run the audit; it must find exactly @want differences, the first in
 * (@table, @row, @field) from event @event; the file's events unchanged. */
static void audit_expect(size_t want, const char *table, const char *row, const char *field, int64_t event)
{
	ds_audit_finding *f = NULL;
	size_t count = 99;
	int64_t events = count_rows("events");
	int rc = ds_registry_audit(&f, &count, reg, NULL, NULL);

	ck_assert_msg(count == want, "%zu findings, want %zu (%s)", count, want,
		      count ? f[0].message : ds_error_last()->message);
	if (!want) {
		ck_assert_ds_ok(rc);
		ck_assert_ptr_null(f);
	} else {
		ck_assert_int_eq(rc, DS_EVERIFY);
		ck_assert_str_eq(f[0].table, table);
		if (row)
			ck_assert_str_eq(f[0].row, row);
		if (field)
			ck_assert_str_eq(f[0].field, field);
		else
			ck_assert_ptr_null(f[0].field);
		ck_assert_int_eq(f[0].event, event);
		ck_assert_ptr_nonnull(strstr(ds_error_last()->message, f[0].message));
	}
	ds_free(f);
	ck_assert_unchanged(events);
}

/* Whether one of the @count findings has @text in its message. */
static int finding_has(const ds_audit_finding *f, size_t count, const char *text)
{
	size_t i;
	for (i = 0; i < count; i++)
		if (strstr(f[i].message, text))
			return 1;
	return 0;
}

/* Append an event as the registry would (logged), in a transaction. */
static void logged_event(const char *type, int64_t registration, const char *body)
{
	ck_assert_ds_ok(ds__store_begin(reg->store));
	ck_assert_ds_ok(ds__registry_append_event(reg, type, registration, "2025-06-01T00:00:00Z", body, strlen(body)));
	ck_assert_ds_ok(ds__store_commit(reg->store));
}

/* The replay reads every string the registry writes (quotes, backslashes,
 * newlines and tabs escaped), and reports what no registry writes even when
 * the log holds it: a body that is not the registry's JSON, an unknown event,
 * an event about a registration no application created. */
START_TEST(audit_replays_what_the_log_holds)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	ds_audit_finding *f = NULL;
	size_t count = 0;
	int64_t id, events;

	ck_assert_ds_ok(ds_registry_subject_add(reg, "91310000MA1FL4QX20", "引号\"与\\反斜杠/企业", DS_SUBJECT_OTHER));
	id = apply_at(DS_REG_RESOURCE, at(2025, 3, 3, 9));
	t.actor = "审核员 \"甲\"";
	t.reason = "第一行\n\t第二行 \\ 结束";
	t.at = at(2025, 3, 3, 10);
	ck_assert_ds_ok(ds_registry_advance(reg, id, DS_STATE_ACCEPTED, &t));
	ck_assert_ds_ok(ds_registry_audit(&f, &count, reg, NULL, NULL));
	ck_assert_uint_eq(count, 0);

	events = count_rows("events");
	logged_event("mystery", 0, "{\"event\":\"mystery\"}");
	logged_event("subject", 0, "not json");
	logged_event("subject", 0, "{\"code\":\"\\u00e9\"}");
	logged_event("subject", 0, "{\"code\":-}");
	logged_event("subject", 0, "{\"code\":\"A\",}");
	logged_event("transition", 99,
		     "{\"event\":\"transition\",\"to\":\"accepted\",\"reason\":\"\\u0041\\/\\b\\f\\r\"}");
	logged_event("certificate", 98, "{\"certificate\":\"x\"}");
	logged_event("transition", id, "{\"event\":\"transition\",\"from\":\"accepted\",\"to\":\"limbo\"}");
	ck_assert_int_eq(count_rows("events"), events + 8);
	ck_assert_int_eq(ds_registry_audit(&f, &count, reg, NULL, NULL), DS_EVERIFY);
	ck_assert_msg(finding_has(f, count, "unknown event type 'mystery'"), "%s", f[0].message);
	ck_assert(finding_has(f, count, "(subject): the body is not the registry's JSON"));
	ck_assert(finding_has(f, count, "(transition) names registration 99, which no application event created"));
	ck_assert(finding_has(f, count, "(certificate) names registration 98, which no application event created"));
	ck_assert(finding_has(f, count, "'limbo' is not a known to_state"));
	ck_assert(finding_has(f, count, "registrations 1: state is '2' in the table but 'limbo' by event"));
	ck_assert(finding_has(f, count, "event 16 creates this row but the table does not hold it"));
	{
		/* Four bodies that are not JSON, each reported with its event. */
		size_t i, bodies = 0;
		for (i = 0; i < count; i++)
			bodies += f[i].field && strcmp(f[i].field, "body") == 0;
		ck_assert_uint_eq(bodies, 4);
	}
	ds_free(f);
}
END_TEST

/* Every kind of row the log rebuilds, and each table edit found with its row,
 * column and event; the edit undone, the audit passes again. */
START_TEST(audit_rebuilds_the_tables)
{
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_recognition_request r = DS_RECOGNITION_REQUEST_INIT;
	ds_decimal *amount = tu_dec("150000");
	int64_t asset = registered(DS_REG_ASSET), product = registered(DS_REG_PRODUCT), change, recognition = 0;
	ds_audit_finding *f = (ds_audit_finding *)&recognition;
	size_t count = 7;
	char row[32];

	/* A change registration (the first one superseded), a direct cancellation,
	 * a trade, a 入表 filing, a rotated key and an unfinished application. */
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.type = DS_REG_CHANGE;
	req.changes = product;
	req.entry_path = fixture("entry.xml");
	req.at = at(2025, 4, 1, 9);
	ck_assert_ds_ok(ds_registry_apply(&change, reg, &req));
	ck_assert_ds_ok(advance(change, DS_STATE_ACCEPTED, at(2025, 4, 1, 10)));
	ck_assert_ds_ok(advance(change, DS_STATE_REVIEW, at(2025, 4, 1, 11)));
	ck_assert_ds_ok(advance(change, DS_STATE_PUBLICITY, at(2025, 4, 1, 12)));
	ck_assert_ds_ok(advance(change, DS_STATE_REGISTERED, at(2025, 4, 30, 9)));
	ck_assert_ds_ok(trade(change, SELLER, BUYER, "2000.50", "2025-05-06", DS_VENUE_OFF, "BA-1"));
	r.registration = asset;
	r.date = "2025-04-01";
	r.amount = amount;
	r.filing = "RB-2025.001";
	r.provider = BUYER;
	r.provider_founded = "2015-01-01";
	r.provider_approved = 1;
	r.provider_qualifications = "cpa";
	ck_assert_ds_ok(ds_registry_recognition_add(&recognition, reg, &r));
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	ck_assert_ds_ok(advance(change, DS_STATE_CANCELLED, at(2025, 6, 2, 9)));
	apply_at(DS_REG_RESOURCE, at(2025, 6, 3, 9));
	audit_expect(0, NULL, NULL, NULL, 0);

	ck_assert_ds_err(ds_registry_audit(NULL, &count, reg, NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_registry_audit(&f, &count, NULL, NULL, NULL), DS_EINVAL);
	ck_assert_ds_err(ds_registry_audit(&f, &count, reg, "not a checkpoint", NULL), DS_EPARSE);
	ck_assert_ptr_eq(f, (ds_audit_finding *)&recognition); /* unchanged on failure */
	ck_assert_uint_eq(count, 7);

	snprintf(row, sizeof row, "%lld", (long long)recognition);
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE recognitions SET amount = '1.00'"));
	audit_expect(1, "recognitions", row, "amount", last_event("recognition"));
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE recognitions SET amount = '150000.00'"));
	audit_expect(0, NULL, NULL, NULL, 0);

	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE registrations SET subject = '" BUYER "' WHERE id = 1"));
	audit_expect(1, "registrations", "1", "subject",
		     query_int("SELECT MIN(seq) FROM events WHERE type = 'application'"));
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE registrations SET subject = '" SELLER "' WHERE id = 1"));

	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE keys SET alg = 'sm2' WHERE current = 1"));
	audit_expect(1, "keys", NULL, "alg", last_event("key"));
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE keys SET alg = 'ed25519' WHERE current = 1"));

	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE trades SET venue = 0"));
	audit_expect(1, "trades", "1", "venue", last_event("trade"));
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE trades SET venue = 1"));

	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE registry SET weekends_only = 1"));
	audit_expect(1, "registry", "1", "weekends_only", 1);
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE registry SET weekends_only = 0"));

	/* The cancellation record swapped for the change's certificate. */
	snprintf(row, sizeof row, "%lld", (long long)change);
	ck_assert_ds_ok(ds__store_exec(reg->store, "UPDATE cancellations SET xml = (SELECT xml FROM certificates"
						   " WHERE registration = 3)"));
	audit_expect(1, "cancellations", row, "xml", last_event("cancellation_document"));
	ck_assert_ds_ok(ds__store_exec(reg->store, "DELETE FROM cancellations"));
	audit_expect(1, "cancellations", row, NULL, last_event("cancellation_document"));
	ds_decimal_free(amount);
}
END_TEST

/* ---------------------------------------------------------------- copying between backends */

/* The root of @r's log at its size, as hex. */
static void log_root_hex(char hex[65], uint64_t *size, ds_registry *r)
{
	ds_translog *log = NULL;
	ds_hash root;
	char *text = NULL;
	ck_assert_ds_ok(ds_registry_log(&log, r));
	*size = ds_translog_size(log);
	ck_assert_ds_ok(ds_translog_root(&root, log, *size));
	ck_assert_ds_ok(ds_hash_to_hex(&text, &root));
	snprintf(hex, 65, "%s", text);
	ds_free(text);
}

/* A registry with certificates, a cancellation, a trade and a rotated key is
 * copied to the other backend (on PostgreSQL: to a SQLite file, and from that
 * file into another registry of the database; on SQLite: to another file) and
 * back: the same registrations, the certificates byte for byte, the same log
 * root at the same size, and the copy goes on working. Bad copies change
 * nothing. */
START_TEST(copy_between_backends)
{
	ds_registry *a = NULL, *b = NULL;
	ds_registration *ra = NULL, *rb = NULL;
	ds_registry_query q;
	char file[1200], back[1200], root_src[65], root_a[65], root_b[65], *xa = NULL, *xb = NULL, *report = NULL;
	uint64_t size_src, size_a, size_b;
	size_t na = 0, nb = 0, i;
	int64_t first, second, cancel_id;

	first = registered(DS_REG_PRODUCT);
	second = registered(DS_REG_RESOURCE);
	ck_assert_ds_ok(ds_registry_key_generate(NULL, reg, DS_SIG_ED25519));
	cancel_id = registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(advance(cancel_id, DS_STATE_CANCELLED, at(2025, 4, 1, 9)));
	ck_assert_ds_ok(trade(first, SELLER, BUYER, "150000", "2025-04-02", DS_VENUE_ON, "JY-2025-0001"));
	log_root_hex(root_src, &size_src, reg);

	/* Out to a file (the other backend on PostgreSQL), and back in. */
	snprintf(file, sizeof file, "%s/copied.db", dir);
	ck_assert_ds_ok(ds_registry_copy(&report, db, file));
	ck_assert_ptr_nonnull(strstr(report, "certificates: 3 rows, identical"));
	ck_assert_ptr_nonnull(strstr(report, root_src));
	ds_free(report);
	location(back, sizeof back, "back");
	ck_assert_ds_ok(ds_registry_copy(NULL, file, back));
	ck_assert_ds_ok(ds_registry_open(&a, file, NULL));
	ck_assert_ds_ok(ds_registry_open(&b, back, NULL));
	log_root_hex(root_a, &size_a, a);
	log_root_hex(root_b, &size_b, b);
	ck_assert_uint_eq(size_a, size_src);
	ck_assert_uint_eq(size_b, size_src);
	ck_assert_str_eq(root_a, root_src);
	ck_assert_str_eq(root_b, root_src);
	/* The same registrations, the certificates byte for byte. */
	ck_assert_ds_ok(ds_registry_query_init(&q, DS_REGISTRY_QUERY_VERSION));
	ck_assert_ds_ok(ds_registry_list(&ra, &na, reg, &q));
	ck_assert_ds_ok(ds_registry_list(&rb, &nb, b, &q));
	(void)second;
	ck_assert_uint_eq(na, 3);
	ck_assert_uint_eq(nb, na);
	for (i = 0; i < na; i++) {
		ck_assert_int_eq(ra[i].id, rb[i].id);
		ck_assert_int_eq(ra[i].state, rb[i].state);
		ck_assert_str_eq(ra[i].certificate ? ra[i].certificate : "",
				 rb[i].certificate ? rb[i].certificate : "");
		ck_assert_str_eq(ra[i].query_code ? ra[i].query_code : "", rb[i].query_code ? rb[i].query_code : "");
		if (ra[i].certificate && ra[i].state != DS_STATE_CANCELLED) {
			ck_assert_ds_ok(ds_registry_certificate(&xa, reg, ra[i].id));
			ck_assert_ds_ok(ds_registry_certificate(&xb, b, ra[i].id));
			ck_assert_str_eq(xa, xb);
			ds_free(xa);
			ds_free(xb);
		}
	}
	ck_assert_ds_ok(ds_registry_cancellation(&xa, reg, cancel_id));
	ck_assert_ds_ok(ds_registry_cancellation(&xb, a, cancel_id));
	ck_assert_str_eq(xa, xb);
	ds_free(xa);
	ds_free(xb);
	ds_free(ra);
	ds_free(rb);
	/* The copies go on: the next number follows, signed with the copied key. */
	{
		ds_registry *keep = reg;
		reg = b;
		(void)registered(DS_REG_PRODUCT);
		ck_assert_ds_ok(ds_registry_log_verify(NULL, b));
		reg = keep;
	}
	ds_registry_free(a);
	ds_registry_free(b);

	/* Bad copies: onto a registry (nothing changes), from nowhere, to itself. */
	{
		int64_t before;
		ck_assert_ds_ok(ds_registry_open(&a, file, NULL));
		before = (int64_t)ds_translog_size(a->log);
		ds_registry_free(a);
		a = NULL;
		ck_assert_ds_err(ds_registry_copy(NULL, db, file), DS_EEXISTS);
		ck_assert_ds_ok(ds_registry_open(&a, file, NULL));
		ck_assert_int_eq((int64_t)ds_translog_size(a->log), before);
		ds_registry_free(a);
		a = NULL;
	}
	location(back, sizeof back, "nowhere");
	ck_assert_ds_err(ds_registry_copy(NULL, back, file), DS_ENOTFOUND);
	ck_assert_ds_err(ds_registry_copy(NULL, db, db), DS_EINVAL);
	snprintf(back, sizeof back, "%s/never.db", dir);
	ck_assert_ds_err(ds_registry_copy(NULL, db, ""), DS_EINVAL);
	/* A source whose log does not verify is not copied, and no file is left. */
	ds_registry_free(reg);
	reg = NULL;
	forge_event(db);
	ck_assert_ds_err(ds_registry_copy(NULL, db, back), DS_EVERIFY);
	ck_assert_int_ne(access(back, F_OK), 0);
	ck_assert_ds_ok(ds_registry_open(&reg, db, NULL));
}
END_TEST

/* ---------------------------------------------------------------- PostgreSQL only */

/* The catalogue query @sql returns no row: print the rows it returns. */
static void ck_no_rows(const char *sql, const char *rule)
{
	ds__stmt *stmt = NULL;
	int rows = 0;
	ck_assert_ds_ok(ds__store_prepare(&stmt, reg->store, sql));
	while (ds__stmt_step(stmt) == 1) {
		fprintf(stderr, "schema rule '%s' broken by: %s\n", rule, ds__stmt_text(stmt, 0));
		rows++;
	}
	ds__stmt_finalize(stmt);
	ck_assert_msg(rows == 0, "schema rule '%s': %d offending objects (above)", rule, rows);
}

/* The schema distributes by registry on Citus without change: every table
 * (but the schema version, a reference table) has the registry key, first in
 * its primary key and in every unique index; every foreign key joins on it;
 * no SQL sequence (numbers come from counter rows and MAX + 1 under the
 * registry's lock); every view the registry's statements name selects one
 * table's rows of the connection's registry. */
START_TEST(pg_schema_distributes_by_registry)
{
	ck_no_rows("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'datasset'::regnamespace"
		   " AND c.relkind = 'r' AND c.relname <> 'meta' AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
		   " WHERE a.attrelid = c.oid AND a.attname = 'registry' AND a.attnum = 1 AND a.attnotnull"
		   " AND a.atttypid = 'text'::regtype)",
		   "the registry key is every table's first column, NOT NULL");
	ck_no_rows("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'datasset'::regnamespace"
		   " AND c.relkind = 'r' AND c.relname <> 'meta' AND NOT EXISTS (SELECT 1 FROM pg_index i"
		   " WHERE i.indrelid = c.oid AND i.indisprimary)",
		   "every table has a primary key");
	ck_no_rows("SELECT x.indexrelid::regclass::text FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid"
		   " WHERE c.relnamespace = 'datasset'::regnamespace AND c.relname <> 'meta' AND x.indisunique"
		   " AND (x.indkey[0] <> 1)",
		   "every primary key and unique index starts with the registry key");
	ck_no_rows("SELECT f.conname FROM pg_constraint f WHERE f.connamespace = 'datasset'::regnamespace"
		   " AND f.contype = 'f' AND NOT (f.conkey[1] = 1 AND f.confkey[1] = 1)",
		   "every foreign key joins on the registry key");
	ck_no_rows("SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' AND c.relnamespace IN"
		   " ('datasset'::regnamespace, 'datasset_registry'::regnamespace)",
		   "no SQL sequence");
	ck_no_rows("SELECT v.relname FROM pg_class v WHERE v.relnamespace = 'datasset_registry'::regnamespace"
		   " AND (v.relkind <> 'v' OR pg_get_viewdef(v.oid) NOT LIKE"
		   " '%WHERE (%.registry = current_setting(''datasset.registry''::text))%'"
		   " OR (SELECT COUNT(DISTINCT d.refobjid) FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
		   " WHERE r.ev_class = v.oid AND d.refobjid <> v.oid AND d.classid = 'pg_rewrite'::regclass"
		   " AND d.refclassid = 'pg_class'::regclass) <> 1)",
		   "each view selects one table's rows of the connection's registry");
	ck_no_rows("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'datasset'::regnamespace"
		   " AND c.relkind = 'r' AND c.relname NOT IN ('meta', 'writers') AND NOT EXISTS"
		   " (SELECT 1 FROM pg_class v WHERE v.relnamespace = 'datasset_registry'::regnamespace"
		   " AND v.relname = c.relname)",
		   "the registry's statements reach every table through its view");
}
END_TEST

/* Bad locations and a server that goes away: clear errors, nothing written. */
START_TEST(pg_bad_locations)
{
	ds_registry *other = NULL;
	char uri[1400];
	const char *host = strstr(pg_base, "host=");
	int64_t events = count_rows("events");

	/* A password in the URI is refused before anything connects. */
	ck_assert_ds_err(ds_registry_open(&other, "postgresql://user:secret@localhost/db", NULL), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "password");
	ck_assert_ptr_null(strstr(ds_error_last()->message, "secret"));
	snprintf(uri, sizeof uri, "%s&password=secret&registry=x", pg_base);
	ck_assert_ds_err(ds_registry_open(&other, uri, NULL), DS_EINVAL);
	ck_assert_ptr_null(strstr(ds_error_last()->message, "secret"));
	/* A bad registry key. */
	snprintf(uri, sizeof uri, "%s&registry=a'b", pg_base);
	ck_assert_ds_err(ds_registry_open(&other, uri, NULL), DS_EINVAL);
	ck_assert_str_eq(ds_error_last()->field, "registry");
	/* A parameter libpq does not know. */
	snprintf(uri, sizeof uri, "%s&colour=blue", pg_base);
	ck_assert_ds_err(ds_registry_open(&other, uri, NULL), DS_EIO);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "colour"));
	/* A refused connection: nothing listens on that socket. */
	ck_assert_ptr_nonnull(host);
	snprintf(uri, sizeof uri, "postgresql:///postgres?%.*sport=1&registry=x", (int)strcspn(host, "&") + 1, host);
	ck_assert_ds_err(ds_registry_open(&other, uri, NULL), DS_EIO);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "cannot connect to PostgreSQL"));
	/* A database that does not exist; a registry the database does not hold. */
	snprintf(uri, sizeof uri, "postgresql:///no_such_db?%s&registry=x", strchr(pg_base, '?') + 1);
	ck_assert_ds_err(ds_registry_open(&other, uri, NULL), DS_EIO);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "no_such_db"));
	snprintf(uri, sizeof uri, "%s&registry=never_created_%d", pg_base, (int)getpid());
	ck_assert_ds_err(ds_registry_open(&other, uri, NULL), DS_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "no registry 'never_created_"));
	ck_assert_ptr_null(other);
	ck_assert_unchanged(events);
}
END_TEST

/* The server restarts in the middle of a batch: the batch fails with a
 * clear error and none of it is in the database; the registry connects again
 * at its next transaction and goes on, the log verifying. */
START_TEST(pg_server_restarted_mid_batch)
{
	const char *bin = getenv("DS_TEST_PG_BIN"), *pgdir = getenv("DS_TEST_PG_DIR"), *as = getenv("DS_TEST_PG_AS");
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	char cmd[1200];
	int64_t events = count_rows("events"), id = 0, before;
	int rc, i;

	if (!bin || !pgdir) {
		fprintf(stderr, "pg_server_restarted_mid_batch: skipped (no DS_TEST_PG_BIN/DIR)\n");
		return;
	}
	before = count_rows("registrations");
	ck_assert_ds_ok(ds_registry_begin(reg));
	for (i = 0; i < 3; i++)
		(void)apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9 + i));
	snprintf(cmd, sizeof cmd, "%s %s/pg_ctl -D %s/data -m fast -w restart >/dev/null 2>&1", as ? as : "", bin,
		 pgdir);
	ck_assert_int_eq(system(cmd), 0);
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = fixture("entry.xml");
	req.at = at(2025, 3, 4, 9);
	rc = ds_registry_apply(&id, reg, &req);
	ck_assert_int_eq(rc, DS_EIO);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "connection to the PostgreSQL server was lost"));
	ck_assert_int_lt(ds_registry_commit(reg), 0);
	/* Connected again at the next transaction: nothing of the batch is there. */
	ck_assert_ds_ok(ds_registry_subject_add(reg, "91110000600037341L", "另一企业", DS_SUBJECT_UNSPECIFIED));
	ck_assert_int_eq(count_rows("registrations"), before);
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	(void)registered(DS_REG_PRODUCT);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
}
END_TEST

/* A statement sent in the pipeline without waiting (lib/store/postgresql.c)
 * fails: the call it belongs to fails with the statement's own error, before
 * its level ends, and only that call is undone; in a bulk batch the batch
 * fails whole. The failures come from CHECK constraints added for the test
 * (NOT VALID: old rows are not checked) on a transition's reason and on the
 * next log leaf's index. */
static void pg_constraint(const char *table, const char *name, const char *check)
{
	char sql[400];
	if (check)
		snprintf(sql, sizeof sql, "ALTER TABLE datasset.%s ADD CONSTRAINT %s_%d CHECK (%s) NOT VALID", table,
			 name, (int)getpid(), check);
	else
		snprintf(sql, sizeof sql, "ALTER TABLE datasset.%s DROP CONSTRAINT %s_%d", table, name, (int)getpid());
	ck_assert_ds_ok(ds__store_exec(reg->store, sql));
}

/* Foreign keys to rows that state changes update (registrations, pledges)
 * are checked at commit (docs/registry.md, "Foreign keys ... checked at
 * commit"): the schema says so, and a child without its parent, written in a
 * batch, fails the batch's COMMIT with SQLSTATE 23503 and leaves nothing of
 * the batch. */
/* Two connections to one registry: the lock goes to the server with a
 * write's first read (docs/registry.md, "What a writer does before the
 * lock, and what under it"). A writer that cannot have it within its busy
 * timeout fails with the lock's message and writes nothing; once it is free
 * the writers go on in turns, each numbering its events from what the other
 * committed (seq = the log's size + 1), and the log verifies. */
START_TEST(pg_two_handles_take_turns)
{
	ds_registry_options opts = DS_REGISTRY_OPTIONS_INIT;
	ds_registration_request req = DS_REGISTRATION_REQUEST_INIT;
	ds_registry *other = NULL;
	int64_t id = 0, mine, events;
	int round;

	opts.busy_timeout_ms = 300;
	ck_assert_ds_ok(ds_registry_open(&other, db, &opts));
	req.subject = SELLER;
	req.kind = DS_REG_PRODUCT;
	req.right = DS_RIGHT_OPERATING;
	req.entry_path = fixture("entry.xml");
	req.at = at(2025, 3, 3, 9);
	/* A first write of each handle (the lock is sent ahead from then on). */
	ck_assert_ds_ok(ds_registry_apply(&id, other, &req));
	(void)apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	ck_assert_ds_ok(ds_registry_begin(reg));
	mine = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	events = count_rows("events");
	ck_assert_ds_err(ds_registry_apply(&id, other, &req), DS_EDB);
	ck_assert_msg(message_has("busy timeout"), "%s", ds_error_last()->message);
	ck_assert_str_eq(ds_error_last()->cause_library, "postgresql");
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_unchanged(events);
	ck_assert_int_eq(state_of(mine), DS_STATE_SUBMITTED);
	for (round = 0; round < 3; round++) {
		ck_assert_ds_ok(ds_registry_apply(&id, other, &req));
		mine = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
		ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
		ck_assert_ds_ok(advance(mine, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
		ck_assert_int_eq(state_of(id), DS_STATE_ACCEPTED);
	}
	ds_registry_free(other);
	ck_assert_int_eq(query_int("SELECT MAX(seq) FROM events"), count_rows("events"));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
}
END_TEST

START_TEST(pg_deferred_foreign_keys)
{
	int64_t id, events, transitions;
	char sql[300];

	ck_no_rows("SELECT f.conname FROM pg_constraint f WHERE f.connamespace = 'datasset'::regnamespace"
		   " AND f.contype = 'f' AND f.confrelid IN ('datasset.registrations'::regclass,"
		   " 'datasset.pledges'::regclass) AND NOT (f.condeferrable AND f.condeferred)",
		   "foreign keys to registrations and pledges are checked at commit");
	ck_assert_int_gt(query_int("SELECT COUNT(*) FROM pg_constraint f WHERE f.contype = 'f'"
				   " AND f.confrelid = 'datasset.registrations'::regclass AND f.condeferred"),
			 5);
	id = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	events = count_rows("events");
	transitions = count_rows("transitions");
	ck_assert_ds_ok(ds_registry_begin(reg));
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	/* A transition of a registration that does not exist: accepted by the
	 * statement, refused by the commit. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO transitions (registration, from_state, to_state, actor, at, date, reason)"
		 " VALUES (%lld, 0, 1, 'test', '2025-03-03T02:00:00Z', '2025-03-03', 'orphan')",
		 (long long)(id + 1000000));
	ck_assert_ds_ok(ds__store_exec(reg->store, sql));
	ck_assert_ds_err(ds_registry_commit(reg), DS_EDB);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "23503"));
	ck_assert_str_eq(ds_error_last()->cause_library, "postgresql");
	/* Nothing of the batch stays; the registry goes on. */
	ck_assert_int_eq(state_of(id), DS_STATE_SUBMITTED);
	ck_assert_unchanged(events);
	ck_assert_int_eq(count_rows("transitions"), transitions);
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	ck_assert_int_eq(state_of(id), DS_STATE_ACCEPTED);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
}
END_TEST

START_TEST(pg_pipelined_failure)
{
	ds_transition_request t = DS_TRANSITION_REQUEST_INIT;
	int64_t id, id2, events, size;
	char check[96];

	pg_constraint("transitions", "no_boom", "reason <> 'boom'");
	/* A batch with a savepoint per call: the failed call alone is undone. */
	ck_assert_ds_ok(ds_registry_begin(reg));
	id = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	id2 = apply_at(DS_REG_PRODUCT, at(2025, 3, 3, 9));
	ck_assert_ds_ok(advance(id2, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	ck_assert_ds_ok(advance(id, DS_STATE_ACCEPTED, at(2025, 3, 3, 10)));
	events = count_rows("events");
	t.actor = "审核员 张三";
	t.reason = "boom";
	t.at = at(2025, 3, 3, 11);
	ck_assert_ds_err(ds_registry_advance(reg, id, DS_STATE_REVIEW, &t), DS_EDB);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "no_boom"));
	ck_assert_str_eq(ds_error_last()->cause_library, "postgresql");
	ck_assert_int_eq(state_of(id), DS_STATE_ACCEPTED);
	ck_assert_unchanged(events);
	ck_assert_ds_ok(advance(id, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(state_of(id), DS_STATE_REVIEW);
	ck_assert_int_eq(count_rows("events"), events + 1);
	ck_assert_int_eq(query_int("SELECT COUNT(*) FROM transitions WHERE reason = 'boom'"), 0);
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
	/* Outside a batch: the call's own transaction. */
	ck_assert_ds_err(ds_registry_advance(reg, id2, DS_STATE_REVIEW, &t), DS_EDB);
	ck_assert_int_eq(state_of(id2), DS_STATE_ACCEPTED);
	pg_constraint("transitions", "no_boom", NULL);
	/* The last statement of a call fails (the log leaf after the next): found
	 * when its level ends, in a bulk batch, which then fails whole. */
	events = count_rows("events");
	size = query_int("SELECT size FROM log_state WHERE id = 1");
	snprintf(check, sizeof check, "level <> 0 OR idx <= %lld", (long long)size);
	pg_constraint("log_nodes", "leaf_limit", check);
	ck_assert_ds_ok(ds_registry_begin_bulk(reg));
	ck_assert_ds_ok(advance(id2, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_err(advance(id, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)), DS_EDB);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "leaf_limit"));
	ck_assert_ds_err(ds_registry_commit(reg), DS_ESTATE);
	ck_assert_unchanged(events);
	ck_assert_int_eq(state_of(id2), DS_STATE_ACCEPTED);
	/* In a batch with savepoints: the call is undone, the batch goes on. */
	ck_assert_ds_ok(ds_registry_begin(reg));
	ck_assert_ds_ok(advance(id2, DS_STATE_REVIEW, at(2025, 3, 3, 11)));
	ck_assert_ds_err(advance(id, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)), DS_EDB);
	ck_assert_ptr_nonnull(strstr(ds_error_last()->message, "leaf_limit"));
	ck_assert_int_eq(state_of(id), DS_STATE_REVIEW);
	ck_assert_ds_ok(ds_registry_commit(reg));
	ck_assert_int_eq(count_rows("events"), events + 1);
	pg_constraint("log_nodes", "leaf_limit", NULL);
	ck_assert_ds_ok(advance(id, DS_STATE_PUBLICITY, at(2025, 3, 3, 12)));
	ck_assert_ds_ok(ds_registry_log_verify(NULL, reg));
	check_log_state();
}
END_TEST

static Suite *registry_suite(void)
{
	Suite *s = suite_create(pg_base ? "registry on PostgreSQL" : "registry");
	TCase *pure = tcase_create("identifiers"), *store = tcase_create("store"), *unkeyed = tcase_create("unkeyed");
	tcase_add_test(pure, uscc_table);
	tcase_add_test(pure, certificate_numbers);
	tcase_add_test(pure, code_names);
	suite_add_tcase(s, pure);
	tcase_add_checked_fixture(store, setup, teardown);
	tcase_set_timeout(store, 60);
	tcase_add_test(store, create_and_open);
	if (!pg_base) {
		/* SQL edits and key files beside the database: SQLite only. */
		tcase_add_test(store, audit_rebuilds_the_tables);
		tcase_add_test(store, audit_replays_what_the_log_holds);
		tcase_add_test(store, key_files_left_by_a_crash);
	}
	tcase_add_test(store, refuses_newer_schema);
	tcase_add_test(store, migrates_from_version_1);
	tcase_add_test(store, batch);
	tcase_add_test(store, bulk_batch);
	tcase_add_test(store, batch_reads_stay_true);
	tcase_add_test(store, subjects);
	tcase_add_test(store, subject_bad_input);
	tcase_add_test(store, apply_bad_input);
	tcase_add_test(store, every_transition);
	tcase_add_test(store, transition_rules);
	tcase_add_test(store, objection_restarts_publicity);
	tcase_add_test(store, working_days);
	tcase_add_test(store, official_calendar);
	tcase_add_test(store, objects_into_apply);
	tcase_add_test(pure, iso_times);
	tcase_add_test(store, calendar_files);
	tcase_add_test(store, changes_supersede);
	tcase_add_test(store, query_codes_and_lists);
	tcase_add_test(store, trades_and_export);
	tcase_add_test(store, recognitions);
	tcase_add_test(store, events_are_canonical_and_sequential);
	tcase_add_test(store, log_holds_every_event);
	tcase_add_test(store, log_commits_with_the_event);
	tcase_add_test(store, log_is_logarithmic);
	tcase_add_test(store, log_cache_follows_rollbacks_and_other_writers);
	tcase_add_test(store, log_verify_detects_edits);
	tcase_add_test(store, log_catches_up_after_migration);
	tcase_add_test(store, forged_event_is_refused);
	tcase_add_test(store, forged_event_while_open);
	tcase_add_test(store, migration_refuses_events_with_a_gap);
	tcase_add_test(store, log_head_inside_batch);
	tcase_add_test(store, cancellation_records_ed25519);
	tcase_add_test(store, cancellation_records_sm2);
	tcase_add_test(store, batch_signs_one_checkpoint);
	tcase_add_test(store, bulk_batch_signs_one_checkpoint);
	tcase_add_test(store, certificate_read_inside_batch);
	tcase_add_test(store, failed_call_forgets_its_documents);
	tcase_add_test(store, batch_rollback_forgets_documents);
	tcase_add_test(store, settle_bounds_pending);
	tcase_add_test(store, settle_bounds_pending_on_caller);
	tcase_add_test(store, options_versions);
	tcase_add_test(store, background_signing_matches_caller);
	tcase_add_loop_test(store, rollback_while_sealing, 0, 2);
	tcase_add_test(store, caller_helps_sealing);
	tcase_add_test(store, free_while_sealing);
	tcase_add_test(store, key_rotated_while_sealing);
	tcase_add_test(store, sealed_slice_store_failure);
	tcase_add_test(store, key_rotated_inside_batch);
	tcase_add_test(store, broken_bulk_batch_issues_nothing);
	tcase_add_test(store, broken_bulk_batch_refuses_settling);
	tcase_add_test(store, log_verify_inside_bulk_batch);
	tcase_add_test(store, bulk_read_level_keeps_log_size);
	tcase_add_test(store, cancellation_inside_batch);
	tcase_add_test(store, copy_between_backends);
	if (pg_base) {
		tcase_add_test(store, pg_schema_distributes_by_registry);
		tcase_add_test(store, pg_bad_locations);
		tcase_add_test(store, pg_server_restarted_mid_batch);
		tcase_add_test(store, pg_pipelined_failure);
		tcase_add_test(store, pg_deferred_foreign_keys);
		tcase_add_test(store, pg_two_handles_take_turns);
	}
	suite_add_tcase(s, store);
	/* Tests that start from a registry without a signing key. */
	tcase_add_checked_fixture(unkeyed, setup_unkeyed, teardown);
	tcase_set_timeout(unkeyed, 60);
	tcase_add_test(unkeyed, keys_generate_and_rotate);
	tcase_add_test(unkeyed, log_head_and_profiles);
	tcase_add_test(unkeyed, certificate_issued_at_registration);
	suite_add_tcase(s, unkeyed);
	return s;
}

int main(void)
{
	registry_fixture_init();
	return tu_run(registry_suite());
}
