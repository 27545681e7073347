// Compiles the knowledge tables (YAML under server/src/service/knowledge/data) into one JSON
// bundle that the language service imports, after checking every entry against the schema.
// Run with --check to validate only. Nothing parses YAML at run time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'server/src/service/knowledge/data');
const outFile = path.join(root, 'server/src/service/knowledge/generated/knowledge.json');
const checkOnly = process.argv.includes('--check');

const SHAPES = new Set(['string', 'integer', 'boolean', 'list']);
const FORMATS = new Set(['text', 'path', 'enum', 'cpulist', 'uuid', 'mac', 'iomem', 'ioport', 'address', 'spec']);
const GUESTS = new Set(['pv', 'pvh', 'hvm']);
const ARCHES = new Set(['x86', 'arm', 'any']);
const RELEASES = new Set(['4.4', '4.14', '4.17', 'master']);
const CATEGORIES = new Set(['hypervisor', 'domain', 'toolstack', 'product', 'project', 'organisation',
  'virtualization-mode', 'device', 'driver', 'boot', 'security', 'scheduling', 'memory', 'mechanism',
  'availability', 'unikernel', 'architecture']);
const LAYERS = new Set(['hardware', 'hypervisor', 'control-domain', 'guest', 'ecosystem', 'cross-cutting']);

const problems = [];
const bundle = { options: [], specs: [], formats: [], xlConf: [], glossary: [], xlReading: [], cpuidFlags: [] };

for (const file of fs.readdirSync(dataDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const text = fs.readFileSync(path.join(dataDir, file), 'utf8');
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) problems.push(`${file}: ${e.message}`);
    continue;
  }
  const data = doc.toJS() ?? {};
  for (const [section, entries] of Object.entries(data)) {
    if (!(section in bundle)) { problems.push(`${file}: unknown top-level section '${section}'`); continue; }
    if (!Array.isArray(entries)) { problems.push(`${file}: '${section}' must be a list`); continue; }
    for (const e of entries) bundle[section].push({ ...e, __file: file });
  }
}

const str = (v) => typeof v === 'string' && v.trim().length > 0;
function where(e, what) { return `${e.__file}: ${what}`; }

function checkOption(e, table) {
  const id = `${table} '${e.key}'`;
  if (!str(e.key)) problems.push(where(e, `${table} entry without key`));
  if (!Array.isArray(e.shape) || e.shape.length === 0 || !e.shape.every((s) => SHAPES.has(s))) problems.push(where(e, `${id}: shape must be a non-empty list of ${[...SHAPES]}`));
  for (const f of ['format', 'itemFormat']) if (e[f] !== undefined && !FORMATS.has(e[f])) problems.push(where(e, `${id}: bad ${f} '${e[f]}'`));
  if ((e.format === 'spec' || e.itemFormat === 'spec') && !str(e.spec)) problems.push(where(e, `${id}: spec format needs 'spec' table name`));
  if (!Array.isArray(e.guests) || !e.guests.every((g) => GUESTS.has(g))) problems.push(where(e, `${id}: guests must list pv/pvh/hvm`));
  if (!ARCHES.has(e.arch)) problems.push(where(e, `${id}: arch must be x86/arm/any`));
  if (e.since !== undefined && !RELEASES.has(String(e.since))) problems.push(where(e, `${id}: since must be one of ${[...RELEASES]}`));
  if (e.until !== undefined && !RELEASES.has(String(e.until))) problems.push(where(e, `${id}: until must be one of ${[...RELEASES]}`));
  for (const f of ['summary', 'doc', 'section', 'manPage']) if (!str(e[f])) problems.push(where(e, `${id}: missing ${f}`));
  if (e.values !== undefined) {
    if (!Array.isArray(e.values)) problems.push(where(e, `${id}: values must be a list`));
    else for (const v of e.values) if (v === null || typeof v !== 'object' || v.value === undefined || !str(v.doc)) problems.push(where(e, `${id}: every value needs value and doc`));
  }
  if (e.deprecatedShapes !== undefined && (!Array.isArray(e.deprecatedShapes) || !e.deprecatedShapes.every((s) => e.shape?.includes(s)))) problems.push(where(e, `${id}: deprecatedShapes must be a subset of shape`));
  if (e.since !== undefined) e.since = String(e.since);
  if (e.until !== undefined) e.until = String(e.until);
  if (e.values) for (const v of e.values) v.value = String(v.value);
  if (e.default !== undefined) e.default = String(e.default);
}

const seen = new Map();
for (const e of bundle.options) {
  checkOption(e, 'option');
  if (seen.has(e.key)) problems.push(where(e, `option '${e.key}' defined twice (also in ${seen.get(e.key)})`));
  seen.set(e.key, e.__file);
}
const seenConf = new Set();
for (const e of bundle.xlConf) {
  checkOption(e, 'xl.conf key');
  if (seenConf.has(e.key)) problems.push(where(e, `xl.conf key '${e.key}' defined twice`));
  seenConf.add(e.key);
}
const specNames = new Set();
for (const t of bundle.specs) {
  if (!str(t.name)) { problems.push(where(t, 'spec table without name')); continue; }
  if (specNames.has(t.name)) problems.push(where(t, `spec table '${t.name}' defined twice`));
  specNames.add(t.name);
  if (!['error', 'warning-dropped', 'ignored'].includes(t.unknownKey)) problems.push(where(t, `spec '${t.name}': unknownKey must be error|warning-dropped|ignored`));
  if (!Array.isArray(t.subkeys) || t.subkeys.length === 0) { problems.push(where(t, `spec '${t.name}': no subkeys`)); continue; }
  for (const s of t.subkeys) {
    if (!str(s.key)) problems.push(where(t, `spec '${t.name}': sub-key without key`));
    if (!['named', 'flag', 'positional'].includes(s.kind)) problems.push(where(t, `spec '${t.name}.${s.key}': kind must be named|flag|positional`));
    if (!str(s.summary) || !str(s.doc)) problems.push(where(t, `spec '${t.name}.${s.key}': missing summary/doc`));
    if (s.values) for (const v of s.values) { v.value = String(v.value); if (!str(v.doc)) problems.push(where(t, `spec '${t.name}.${s.key}': value '${v.value}' needs doc`)); }
    if (s.default !== undefined) s.default = String(s.default);
  }
}
for (const e of bundle.options) if (e.spec && bundle.specs.length && !specNames.has(e.spec)) problems.push(where(e, `option '${e.key}' names unknown spec table '${e.spec}'`));

const termIds = new Set(bundle.glossary.map((g) => g.id));
const aliasOwner = new Map();
for (const g of bundle.glossary) {
  const id = `term '${g.id}'`;
  for (const f of ['id', 'term', 'short', 'full', 'link']) if (!str(g[f])) problems.push(where(g, `${id}: missing ${f}`));
  if (!CATEGORIES.has(g.category)) problems.push(where(g, `${id}: bad category '${g.category}'`));
  if (!LAYERS.has(g.layer)) problems.push(where(g, `${id}: bad layer '${g.layer}'`));
  for (const r of g.related ?? []) if (!termIds.has(r)) problems.push(where(g, `${id}: related '${r}' is not a term id`));
  for (const a of [g.term, ...(g.aliases ?? [])]) {
    const k = String(a).toLowerCase();
    if (aliasOwner.has(k) && aliasOwner.get(k) !== g.id) problems.push(where(g, `${id}: alias '${a}' also belongs to '${aliasOwner.get(k)}'`));
    aliasOwner.set(k, g.id);
  }
  g.aliases = (g.aliases ?? []).map(String);
  g.related = g.related ?? [];
}

// xl-reading.yaml: how xl reads each key (features/diagnostics/xlReading.ts reads it).
const GETTERS = new Set(['string', 'long', 'defbool', 'list']);
const COMPARES = new Set(['exact', 'case-insensitive', 'prefix']);
const ON_BAD = new Set(['refused', 'warned-and-ignored', 'ignored', 'fails-at-create']);
for (const e of bundle.xlReading) {
  const id = `xlReading '${e.key}'`;
  if (!str(e.key)) problems.push(where(e, 'xlReading entry without key'));
  if (!GETTERS.has(e.getter)) problems.push(where(e, `${id}: getter must be one of ${[...GETTERS]}`));
  if (e.compare !== undefined && !COMPARES.has(e.compare)) problems.push(where(e, `${id}: bad compare '${e.compare}'`));
  if (e.onBad !== undefined && !ON_BAD.has(e.onBad)) problems.push(where(e, `${id}: bad onBad '${e.onBad}'`));
  for (const f of ['since', 'removed']) if (e[f] !== undefined) e[f] = String(e[f]);
  if (e.compare && !bundle.options.some((o) => o.key === e.key && o.values?.length)) problems.push(where(e, `${id}: compare needs the option's values in options-*.yaml`));
}
for (const e of bundle.cpuidFlags) if (!Array.isArray(e.names) || !str(String(e.since ?? ''))) problems.push(where(e, 'cpuidFlags entries need since and names'));
else e.since = String(e.since);

if (problems.length) {
  console.error(`knowledge: ${problems.length} problem(s):\n  ` + problems.join('\n  '));
  process.exit(1);
}
for (const section of Object.values(bundle)) for (const e of section) delete e.__file;
if (!checkOnly) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(bundle));
}
console.log(`knowledge: ${bundle.options.length} options, ${bundle.specs.length} spec tables, ${bundle.xlConf.length} xl.conf keys, ${bundle.glossary.length} terms${checkOnly ? ' (checked)' : ''}`);
