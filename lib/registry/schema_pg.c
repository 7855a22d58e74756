/*
 * The registry's schema on PostgreSQL (lib/store/postgresql.c): the same
 * migrations as registry.c's SQLite ones, each table in schema "datasset"
 * with the registry key as the first column of every primary, unique and
 * foreign key (the distribution column on Citus), and a view of each in
 * schema "datasset_registry" that selects the connection's registry
 * (SET datasset.registry), which is what the registry's statements name.
 * Ids are MAX + 1 within the registry, taken by a column default while the
 * writer holds the registry's lock (docs/registry.md, "PostgreSQL"); the
 * default also records the id for ds__store_last_id().
 * datasset.meta (the schema version) is the one table without the key: on
 * Citus a reference table.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "registry_internal.h"

/* A foreign key to a row that state changes update (a registration, a
 * pledge) is checked when the transaction commits, not at each statement.
 * Checked at once, the check locks the parent row (FOR KEY SHARE) in the
 * subtransaction of the call that inserted the child (each call of a batch
 * is a savepoint); the next call's UPDATE of that row is another
 * subtransaction, so PostgreSQL records locker and updater in a MultiXact,
 * and every later visit of the row's versions reads its members: in a batch
 * of 1,000 registrations with savepoints this was half of the server's time
 * (pg_stat_statements; docs/performance.md). At commit the checks run once in
 * the top transaction, after every update: no MultiXact. What they guarantee
 * is the same (no child without its parent once committed; the registry
 * checks the parent exists before it writes a child, so the check is a
 * backstop), and a violation still fails the transaction whole (COMMIT fails,
 * SQLSTATE 23503, nothing of it stays). Citus accepts deferrable foreign keys
 * between co-located tables. */
#define DEFERRED " DEFERRABLE INITIALLY DEFERRED"
#define REG "registry text NOT NULL DEFAULT current_setting('datasset.registry'), "
#define VIEW(t, cols)                                                                                  \
	"CREATE OR REPLACE VIEW datasset_registry." t " AS SELECT registry, " cols " FROM datasset." t \
	" WHERE registry = current_setting('datasset.registry') WITH CASCADED CHECK OPTION;"
/* The next id of @t's column @c in the connection's registry: the last one
 * by a backward scan of the primary key (registry, c), one entry read. The
 * plan must not depend on statistics: PL/pgSQL plans this statement once per
 * connection (it has no parameters), often while the table is empty, and keeps
 * the plan while one transaction adds thousands of rows. Without the SET
 * clauses a plan made on an empty table is a sequential scan and sort, or an
 * aggregate over every row of the registry: work that grows with each row,
 * quadratic over a batch. With sorting and the other scans off, the primary
 * key is the one path left. */
#define NEXT_ID(t, c)                                                                                        \
	"CREATE FUNCTION datasset.next_" t "() RETURNS bigint LANGUAGE plpgsql"                              \
	" SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off"                        \
	" SET enable_incremental_sort = off AS $f$ DECLARE n bigint; BEGIN"                                  \
	" SELECT " c " + 1 INTO n FROM datasset." t " WHERE registry = current_setting('datasset.registry')" \
	" ORDER BY " c " DESC LIMIT 1; n := COALESCE(n, 1);"                                                 \
	" PERFORM set_config('datasset.last_id', n::text, false); RETURN n; END $f$;"

const char ds__registry_pg_v1[] =
	"CREATE SCHEMA datasset; CREATE SCHEMA datasset_registry;"
	"CREATE TABLE datasset.meta (version integer NOT NULL); INSERT INTO datasset.meta VALUES (0);"
	/* One row per registry, locked by each write transaction. */
	"CREATE TABLE datasset.writers (registry text PRIMARY KEY);"
	"CREATE TABLE datasset.registry (" REG "id bigint NOT NULL CHECK (id = 1), name text NOT NULL,"
	" region text NOT NULL, created text NOT NULL, PRIMARY KEY (registry, id));" VIEW(
		"registry",
		"id, name, region, created") "CREATE TABLE datasset.subjects (" REG
					     "code text NOT NULL, name text NOT NULL,"
					     " type bigint NOT NULL, region text NOT NULL, created text NOT "
					     "NULL, PRIMARY KEY (registry, code));" VIEW("subjects",
											 "code, name, type, "
											 "region, created")
						     NEXT_ID("registrations",
							     "id") "CREATE TABLE datasset.registrations (" REG
								   "id bigint NOT NULL DEFAULT datasset.next_registrations(),"
								   " subject text NOT NULL, kind bigint NOT NULL, right_ bigint NOT NULL,"
								   " type bigint NOT NULL, changes bigint, state bigint NOT NULL,"
								   " entry_id text NOT NULL, entry_title text NOT NULL, entry_xml text NOT NULL,"
								   " scope text, term text, restrictions text, applied text NOT NULL,"
								   " updated text NOT NULL, probe_xml text, valuation_xml text,"
								   " publicity_start text, publicity_end text, registered text,"
								   " certificate text, query_code text, PRIMARY KEY (registry, id),"
								   " UNIQUE (registry, certificate), UNIQUE (registry, query_code),"
								   " FOREIGN KEY (registry, subject) REFERENCES datasset.subjects (registry, "
								   "code),"
								   " FOREIGN KEY (registry, changes) REFERENCES datasset.registrations "
								   "(registry, id)" DEFERRED ");"
								   "CREATE INDEX registrations_subject ON datasset.registrations (subject, registry);"
								   "CREATE INDEX registrations_state ON datasset.registrations (state, registry);" VIEW(
									   "registrations",
									   "id, subject, kind, right_, type, changes, state, entry_id, entry_title, entry_xml, scope, term,"
									   " restrictions, applied, updated, probe_xml, valuation_xml, publicity_start, publicity_end,"
									   " registered, certificate, query_code")
									   NEXT_ID("transitions",
										   "seq") "CREATE TABLE datasset.transitions (" REG
											  "seq bigint NOT NULL DEFAULT datasset.next_transitions(),"
											  " registration bigint NOT NULL, from_state bigint, to_state bigint NOT NULL, actor text NOT NULL,"
											  " at text NOT NULL, date text NOT NULL, reason text NOT NULL, evidence text, PRIMARY KEY (registry, seq),"
											  " FOREIGN KEY (registry, registration) REFERENCES datasset.registrations (registry, id)" DEFERRED
											  ");"
											  "CREATE INDEX transitions_registration ON datasset.transitions (registration, registry);" VIEW(
												  "transitions",
												  "seq, registration, from_state, to_state, actor, at, date, reason, evidence")
	/* A counter row per registry, year and kind (never a sequence: numbers
	 * must have no gaps; the row is locked until the transaction ends). */
	"CREATE TABLE datasset.certificate_sequences (" REG "year bigint NOT NULL, kind bigint NOT NULL,"
	" last bigint NOT NULL, PRIMARY KEY (registry, year, kind));" VIEW(
		"certificate_sequences",
		"year, kind, last") "CREATE TABLE datasset.calendar (" REG
				    "date text NOT NULL, working bigint NOT NULL, name text NOT NULL,"
				    " PRIMARY KEY (registry, date));" VIEW("calendar", "date, working, name") NEXT_ID(
					    "events",
					    "seq") "CREATE TABLE datasset.events (" REG
						   "seq bigint NOT NULL DEFAULT datasset.next_events(),"
						   " type text NOT NULL, registration bigint, at text NOT NULL, body text NOT NULL,"
						   " PRIMARY KEY (registry, seq));" VIEW(
							   "events", "seq, type, registration, at, body")
	/* Whether the connection's registry exists; what a new one needs. */
	"CREATE FUNCTION datasset.registry_exists() RETURNS boolean LANGUAGE sql AS $f$ SELECT EXISTS"
	" (SELECT 1 FROM datasset.registry WHERE registry = current_setting('datasset.registry')) $f$;"
	"CREATE FUNCTION datasset.registry_init() RETURNS void LANGUAGE sql AS $f$ SELECT 1 $f$;";

const char ds__registry_pg_v2[] = NEXT_ID(
	"trades", "id") "CREATE TABLE datasset.trades (" REG
			"id bigint NOT NULL DEFAULT datasset.next_trades(), seller text NOT NULL,"
			" buyer text NOT NULL, registration bigint NOT NULL, amount text NOT NULL,"
			" date text NOT NULL, venue bigint NOT NULL, voucher text NOT NULL,"
			" created text NOT NULL, PRIMARY KEY (registry, id), UNIQUE (registry, venue, voucher),"
			" FOREIGN KEY (registry, seller) REFERENCES datasset.subjects (registry, code),"
			" FOREIGN KEY (registry, buyer) REFERENCES datasset.subjects (registry, code),"
			" FOREIGN KEY (registry, registration) REFERENCES datasset.registrations (registry, "
			"id)" DEFERRED ");"
			"CREATE INDEX trades_date ON datasset.trades (date, registry);" VIEW(
				"trades", "id, seller, buyer, registration, amount, date, venue, voucher, created");

const char ds__registry_pg_v3[] =
	"CREATE TABLE datasset.log_nodes (" REG "level bigint NOT NULL, idx bigint NOT NULL, hash text NOT NULL,"
	" PRIMARY KEY (registry, level, idx));" VIEW(
		"log_nodes",
		"level, idx, hash") "CREATE TABLE datasset.log_state (" REG
				    "id bigint NOT NULL CHECK (id = 1), hash text NOT NULL,"
				    " size bigint NOT NULL, last_seq bigint NOT NULL, PRIMARY KEY (registry, id));" VIEW(
					    "log_state", "id, hash, size, last_seq")
	/* SQLite's file gets its row from the migration; here each registry
	 * gets it when created (and those already there now). */
	"INSERT INTO datasset.log_state SELECT registry, 1, 'sha256', 0, 0 FROM datasset.registry;"
	"CREATE OR REPLACE FUNCTION datasset.registry_init() RETURNS void LANGUAGE sql AS $f$"
	" INSERT INTO datasset.log_state VALUES (current_setting('datasset.registry'), 1, 'sha256', 0, 0)"
	" ON CONFLICT DO NOTHING $f$;"
	/* The log migration (log.c) reads the connection's registry's row. */
	"SELECT datasset.registry_init();";

const char ds__registry_pg_v4[] =
	"CREATE TABLE datasset.keys (" REG "id text NOT NULL, alg text NOT NULL, public_pem text NOT NULL,"
	" created text NOT NULL, current bigint NOT NULL, PRIMARY KEY (registry, id));"
	"CREATE UNIQUE INDEX keys_current ON datasset.keys (registry, current) WHERE current = 1;" VIEW(
		"keys", "id, alg, public_pem, created, current");

const char ds__registry_pg_v5[] =
	"CREATE TABLE datasset.certificates (" REG "registration bigint NOT NULL, number text NOT NULL,"
	" log_index bigint NOT NULL, xml text NOT NULL, PRIMARY KEY (registry, registration),"
	" UNIQUE (registry, number),"
	" FOREIGN KEY (registry, registration) REFERENCES datasset.registrations (registry, id)" DEFERRED
	");" VIEW("certificates", "registration, number, log_index, xml");

const char ds__registry_pg_v6[] =
	"CREATE TABLE datasset.cancellations (" REG "registration bigint NOT NULL, cancels text NOT NULL,"
	" log_index bigint NOT NULL, xml text NOT NULL, cancelled_by bigint, PRIMARY KEY (registry, registration),"
	" FOREIGN KEY (registry, registration) REFERENCES datasset.registrations (registry, id)" DEFERRED ","
	" FOREIGN KEY (registry, cancelled_by) REFERENCES datasset.registrations (registry, id)" DEFERRED ");"
	"CREATE INDEX cancellations_by ON datasset.cancellations (cancelled_by, registry)"
	" WHERE cancelled_by IS NOT NULL;" VIEW("cancellations", "registration, cancels, log_index, xml, cancelled_by");

const char ds__registry_pg_v7[] =
	NEXT_ID("recognitions",
		"id") "CREATE TABLE datasset.recognitions (" REG
		      "id bigint NOT NULL DEFAULT datasset.next_recognitions(),"
		      " registration bigint NOT NULL, subject text NOT NULL,"
		      " date text NOT NULL, amount text NOT NULL,"
		      " provider text NOT NULL, founded text NOT NULL,"
		      " approved bigint NOT NULL, independent bigint NOT NULL,"
		      " clean bigint NOT NULL, qualifications text NOT NULL,"
		      " filing text NOT NULL, created text NOT NULL,"
		      " PRIMARY KEY (registry, id), UNIQUE (registry, filing),"
		      " FOREIGN KEY (registry, registration) REFERENCES "
		      "datasset.registrations (registry, id)" DEFERRED ","
		      " FOREIGN KEY (registry, subject) REFERENCES "
		      "datasset.subjects (registry, code),"
		      " FOREIGN KEY (registry, provider) REFERENCES "
		      "datasset.subjects (registry, code));"
		      "CREATE INDEX recognitions_subject ON datasset.recognitions (subject, registry, date);" VIEW(
			      "recognitions",
			      "id, registration, subject, date, amount, provider, founded, approved, independent,"
			      " clean, qualifications, filing, created");

const char ds__registry_pg_v8[] =
	"CREATE TABLE datasset.calendar_years (" REG "year bigint NOT NULL, source text NOT NULL,"
	" PRIMARY KEY (registry, year));" VIEW(
		"calendar_years",
		"year, source") "INSERT INTO datasset.calendar_years SELECT DISTINCT registry, CAST(substr(date, 1, 4) AS bigint),"
				" 'loaded before schema 8' FROM datasset.calendar;"
				"ALTER TABLE datasset.registry ADD COLUMN weekends_only bigint NOT NULL DEFAULT 0;" VIEW(
					"registry",
					"id, name, region, created, weekends_only") "ALTER TABLE datasset.registrations ADD COLUMN scale_records bigint,"
										    " ADD COLUMN scale_fields bigint, ADD COLUMN scale_bytes bigint, ADD COLUMN coverage_region text,"
										    " ADD COLUMN coverage_period text, ADD COLUMN quality_summary text;" VIEW(
											    "registrations",
											    "id, subject, kind, right_, type, changes, state, entry_id, entry_title, entry_xml, scope, term,"
											    " restrictions, applied, updated, probe_xml, valuation_xml, publicity_start, publicity_end,"
											    " registered, certificate, query_code, scale_records, scale_fields, scale_bytes, coverage_region,"
											    " coverage_period, quality_summary");

const char ds__registry_pg_v9[] =
	"CREATE TABLE datasset.pledge_policy (" REG "id bigint NOT NULL CHECK (id = 1), statutory_self bigint NOT NULL,"
	" allow_subsequent bigint NOT NULL, PRIMARY KEY (registry, id));" VIEW("pledge_policy", "id, statutory_self, allow_subsequent") NEXT_ID(
		"pledges",
		"id") "CREATE TABLE datasset.pledges (" REG
		      "id bigint NOT NULL DEFAULT datasset.next_pledges(), number text,"
		      " registration bigint NOT NULL, version bigint NOT NULL, state bigint NOT NULL, pledgor text NOT NULL,"
		      " pledgee text NOT NULL, pledgee_kind text NOT NULL, debtor text, claim_type text NOT NULL,"
		      " principal text NOT NULL, maximum text, scope text NOT NULL, debt_start text, due_date text NOT NULL,"
		      " main_contract text, pledge_contract text, external_system text, external_number text, external_time text,"
		      " perfected text, claim text, paid text, paid_rank bigint, reasons text, applied text NOT NULL,"
		      " registered text, updated text NOT NULL, PRIMARY KEY (registry, id), UNIQUE (registry, number),"
		      " UNIQUE (registry, registration, pledge_contract),"
		      " FOREIGN KEY (registry, registration) REFERENCES datasset.registrations (registry, id)" DEFERRED
		      ","
		      " FOREIGN KEY (registry, pledgor) REFERENCES datasset.subjects (registry, code),"
		      " FOREIGN KEY (registry, pledgee) REFERENCES datasset.subjects (registry, code),"
		      " FOREIGN KEY (registry, debtor) REFERENCES datasset.subjects (registry, code));"
		      "CREATE INDEX pledges_registration ON datasset.pledges (registration, registry);"
		      "CREATE INDEX pledges_pledgee ON datasset.pledges (pledgee, registry);" VIEW(
			      "pledges",
			      "id, number, registration, version, state, pledgor, pledgee, pledgee_kind, debtor, claim_type,"
			      " principal, maximum, scope, debt_start, due_date, main_contract, pledge_contract, external_system,"
			      " external_number, external_time, perfected, claim, paid, paid_rank, reasons, applied, registered,"
			      " updated") "CREATE TABLE datasset.pledge_versions (" REG
					  "pledge bigint NOT NULL, version bigint NOT NULL,"
					  " from_state bigint, to_state bigint NOT NULL, actor text NOT NULL, at text NOT NULL, date text NOT NULL,"
					  " reason text NOT NULL, evidence text, record text NOT NULL, PRIMARY KEY (registry, pledge, version),"
					  " FOREIGN KEY (registry, pledge) REFERENCES datasset.pledges (registry, id)" DEFERRED
					  ");" VIEW("pledge_versions", "pledge, version, from_state, to_state, actor, at, date, reason, evidence, record") NEXT_ID(
						  "pledge_consents",
						  "id") "CREATE TABLE datasset.pledge_consents (" REG
							"id bigint NOT NULL DEFAULT datasset.next_pledge_consents(),"
							" pledge bigint NOT NULL, action bigint NOT NULL, actor text NOT NULL, at text NOT NULL, evidence text,"
							" used_by text, PRIMARY KEY (registry, id),"
							" FOREIGN KEY (registry, pledge) REFERENCES datasset.pledges (registry, id)" DEFERRED
							");"
							"CREATE INDEX pledge_consents_pledge ON datasset.pledge_consents (pledge, registry);" VIEW(
								"pledge_consents",
								"id, pledge, action, actor, at, evidence, used_by") "CREATE TABLE datasset.pledge_certificates (" REG
														    "pledge bigint NOT NULL, number text NOT NULL,"
														    " log_index bigint NOT NULL, xml text NOT NULL, PRIMARY KEY (registry, pledge), UNIQUE (registry, number),"
														    " FOREIGN KEY (registry, pledge) REFERENCES datasset.pledges (registry, id)" DEFERRED
														    ");" VIEW(
															    "pledge_certificates",
															    "pledge, number, log_index, xml");
/* Version 10: compliance requirements and assessments (registry.c, schema_v10). */
const char ds__registry_pg_v10[] =
	"CREATE TABLE datasset.compliance_requirements (" REG "kind bigint NOT NULL, purpose text NOT NULL,"
	" checklist text NOT NULL, actor text NOT NULL, created text NOT NULL,"
	" PRIMARY KEY (registry, kind));" VIEW("compliance_requirements", "kind, purpose, checklist, actor, created") NEXT_ID(
		"assessments",
		"id") "CREATE TABLE datasset.assessments (" REG
		      "id bigint NOT NULL DEFAULT datasset.next_assessments(), registration bigint NOT NULL,"
		      " checklist text NOT NULL, checklist_version text NOT NULL, checklist_digest text NOT NULL,"
		      " purpose text NOT NULL, outcome bigint NOT NULL, workflow bigint NOT NULL, restrictions text NOT NULL,"
		      " reasons text NOT NULL, flags text NOT NULL, xml text NOT NULL, digest text NOT NULL,"
		      " assessed text NOT NULL, evaluated text NOT NULL, evaluator text NOT NULL, actor text NOT NULL,"
		      " recorded text NOT NULL, log_index bigint NOT NULL, stale text, stale_at text,"
		      " PRIMARY KEY (registry, id),"
		      " FOREIGN KEY (registry, registration) REFERENCES datasset.registrations (registry, id)" DEFERRED
		      ");"
		      "CREATE INDEX assessments_registration ON datasset.assessments (registration, registry, id);" VIEW(
			      "assessments",
			      "id, registration, checklist, checklist_version, checklist_digest, purpose, outcome, workflow,"
			      " restrictions, reasons, flags, xml, digest, assessed, evaluated, evaluator, actor, recorded,"
			      " log_index, stale, stale_at");
