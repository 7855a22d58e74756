// DuckDB's SUMMARIZE over a CSV file, the comparison of bench/probe_ref.py:
// SUMMARIZE SELECT * FROM read_csv(FILE) through npm @duckdb/node-api with a
// given number of threads, timed around the query alone (the instance is
// started first). Prints "key value" lines: rows (the count SUMMARIZE saw in
// the first column), columns, seconds, cpu_seconds (this process, user + system,
// during the query), maxrss_kib (the process's peak).
// Usage: node probe_duckdb.mjs NODE_MODULES FILE THREADS
// SPDX-License-Identifier: MIT
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(path.resolve(process.argv[2]), 'x.js'));
const { DuckDBInstance } = require('@duckdb/node-api');
const file = process.argv[3];
const threads = process.argv[4];
const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await inst.connect();
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const rows = (await con.runAndReadAll(`SUMMARIZE SELECT * FROM read_csv(${q(file)})`)).getRowObjectsJson();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(`rows ${rows[0].count}`);
console.log(`columns ${rows.length}`);
console.log(`seconds ${seconds.toFixed(6)}`);
console.log(`cpu_seconds ${((cpu.user + cpu.system) / 1e6).toFixed(6)}`);
console.log(`maxrss_kib ${process.resourceUsage().maxRSS}`);
