// SHACL validation of libdatasset's DCAT export by an independent engine
// (npm rdf-validate-shacl, https://github.com/zazuko/rdf-validate-shacl).
// Usage: node dcat_shacl.mjs NODE_MODULES [--unchecked IRI-PREFIX...] --shapes A.nt... --data X.nt...
// Every file is N-Triples (tests/dcat_shacl.sh converts the published Turtle
// shapes with rapper; the export is written as N-Triples by datasset).
// Prints one line per violation (focus node, path, message, shape), the counts
// by severity, and exits 1 when there is a violation (warnings and infos are
// reported, they do not fail). --unchecked: a sh:node violation whose value is
// an IRI under that prefix is counted as unchecked instead (a controlled
// vocabulary the test could not load), and listed. SPDX-License-Identifier: MIT
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, ...rest] = process.argv.slice(2)
const load = (name, file) => import(pathToFileURL(join(modules, name, file)).href)
const { default: SHACLValidator } = await load('rdf-validate-shacl', 'index.js')
const { default: factory } = await load('rdf-validate-shacl', 'src/defaultEnv.js')

const files = { shapes: [], data: [], unchecked: [] }
let into = null
for (const a of rest) {
  if (a === '--shapes' || a === '--data' || a === '--unchecked') into = files[a.slice(2)]
  else if (into) into.push(a)
  else throw new Error(`argument ${a} before --shapes/--data`)
}

// N-Triples (RDF 1.1): one triple per line; IRIs, blank nodes, literals
// with a language tag or a datatype; \uXXXX, \UXXXXXXXX and the ECHAR escapes.
const TERM = String.raw`(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)`
const LINE = new RegExp(`^\\s*${TERM}\\s+${TERM}\\s+${TERM}\\s*\\.\\s*$`)
const ESC = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' }
const unescape = (s) =>
  s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (m, u, U, c) =>
    u || U ? String.fromCodePoint(parseInt(u || U, 16)) : ESC[c] ?? m)
function term (t, blanks) {
  if (t[0] === '<') return factory.namedNode(unescape(t.slice(1, -1)))
  if (t[0] === '_') return factory.blankNode(blanks + t.slice(2))
  const end = t.lastIndexOf('"')
  const value = unescape(t.slice(1, end))
  const tail = t.slice(end + 1)
  if (tail.startsWith('@')) return factory.literal(value, tail.slice(1))
  if (tail.startsWith('^^')) return factory.literal(value, factory.namedNode(tail.slice(3, -1)))
  return factory.literal(value)
}
function read (paths) {
  const quads = []
  paths.forEach((path, n) => {
    const blanks = `f${n}_` // blank nodes are local to their file
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim() || line.trimStart().startsWith('#')) return
      const m = LINE.exec(line)
      if (!m) throw new Error(`${path}:${i + 1}: not N-Triples: ${line.slice(0, 80)}`)
      quads.push(factory.quad(term(m[1], blanks), term(m[2], blanks), term(m[3], blanks)))
    })
  })
  return factory.dataset(quads)
}

const shapes = read(files.shapes)
const data = read(files.data)
const validator = new SHACLValidator(shapes, { factory })
const report = await validator.validate(data)
const SH = 'http://www.w3.org/ns/shacl#'
const counts = {}
const shown = {}
for (const r of report.results) {
  let sev = r.severity ? r.severity.value.replace(SH, '') : 'Violation'
  const component = r.sourceConstraintComponent ? r.sourceConstraintComponent.value.replace(SH, '') : ''
  if (sev === 'Violation' && component === 'NodeConstraintComponent' && r.value &&
      files.unchecked.some((p) => r.value.value.startsWith(p))) sev = 'Unchecked'
  counts[sev] = (counts[sev] || 0) + 1
  const key = `${sev} ${r.path ? r.path.value : ''} ${component}`
  shown[key] = shown[key] || { n: 0, example: r }
  shown[key].n++
}
for (const [key, { n, example }] of Object.entries(shown).sort()) {
  const msg = example.message.map((m) => m.value).join('; ')
  console.log(`${key}: ${n}x, e.g. ${example.focusNode ? example.focusNode.value : ''}` +
    (example.value ? ` value ${example.value.value}` : '') + (msg ? ` (${msg})` : ''))
}
console.log(`${data.size} data triples, ${shapes.size} shape triples: ` +
  `${counts.Violation || 0} violations, ${counts.Warning || 0} warnings, ${counts.Info || 0} infos` +
  (files.unchecked.length ? `, ${counts.Unchecked || 0} unchecked (vocabulary not loaded)` : ''))
process.exit(counts.Violation ? 1 : 0)
