// The independent reading of the probe's conformance corpus: DuckDB's CSV
// sniffer (npm @duckdb/node-api, threads = 1) on every fixture, one line
// per file: path, then "ok" with delimiter, header (true/false), columns and
// rows, or "error" with DuckDB's first message line. tests/probe_corpus.py
// runs it (when DS_DUCKDB_NODE points at a node_modules holding the
// package) to check that the expectations kept in expected.tsv are DuckDB's.
// Usage: node probe_corpus_duckdb.mjs NODE_MODULES FILE...
// SPDX-License-Identifier: MIT
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.argv[2], 'x.js'));
const { DuckDBInstance } = require('@duckdb/node-api');
const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await inst.connect();
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
for (const file of process.argv.slice(3)) {
	try {
		const s = (await con.runAndReadAll(`SELECT Delimiter, HasHeader, Columns FROM sniff_csv(${q(file)})`))
			.getRowObjectsJson()[0];
		const n = (await con.runAndReadAll(`SELECT count(*) AS n FROM read_csv(${q(file)})`)).getRowObjectsJson()[0].n;
		const delim = s.Delimiter === '\t' ? 'TAB' : s.Delimiter === ' ' ? 'SPACE' : s.Delimiter;
		console.log([file, 'ok', delim, s.HasHeader, s.Columns.length, n].join('\t'));
	} catch (e) {
		console.log([file, 'error', String(e.message).split('\n')[0].replace(/\t/g, ' ')].join('\t'));
	}
}
