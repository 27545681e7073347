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
// The release names come from XEN_RELEASES in types.ts, so that there is one list.
const typesText = fs.readFileSync(path.join(root, 'server/src/service/knowledge/types.ts'), 'utf8');
const RELEASE_LIST = [...(/XEN_RELEASES = \[([^\]]*)\]/.exec(typesText)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
if (RELEASE_LIST.length < 2) throw new Error('compile-knowledge: cannot read XEN_RELEASES from types.ts');
const RELEASES = new Set(RELEASE_LIST);
const REMOVED_HOW = new Set(['refused', 'fails-at-create', 'ignored']);
const UNKNOWN_KEY = new Set(['error', 'warning-dropped', 'ignored']);
const CATEGORIES = new Set(['hypervisor', 'domain', 'toolstack', 'product', 'project', 'organisation',
  'virtualization-mode', 'device', 'driver', 'boot', 'security', 'scheduling', 'memory', 'mechanism',
  'availability', 'unikernel', 'architecture']);
const LAYERS = new Set(['hardware', 'hypervisor', 'control-domain', 'guest', 'ecosystem', 'cross-cutting']);

const problems = [];
const bundle = { options: [], specs: [], formats: [], xlConf: [], glossary: [], xlReading: [], cpuidFlags: [], completionOrder: [] };

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
const rank = (r) => RELEASE_LIST.indexOf(r);

/** Checks one release-valued field (and makes it a string: YAML may read 4.10 as a number). */
function release(obj, field, id, file) {
  if (obj[field] === undefined) return;
  obj[field] = String(obj[field]);
  if (!RELEASES.has(obj[field])) problems.push(`${file}: ${id}: ${field} '${obj[field]}' is not a release of XEN_RELEASES`);
}

/**
 * The release fields of an option, enum value or sub-key: names, order (since before removed),
 * and nesting (a value or sub-key is not older than what holds it: `parentSince`, which it
 * inherits when it has no `since` of its own).
 */
function checkSpan(e, id, file, parentSince) {
  for (const f of ['since', 'removed', 'deprecatedSince', 'documentedSince', 'undocumentedSince']) release(e, f, id, file);
  if (e.deprecated && typeof e.deprecated === 'object') release(e.deprecated, 'since', id + ' deprecated', file);
  if (e.removedHow !== undefined && !REMOVED_HOW.has(e.removedHow)) problems.push(`${file}: ${id}: removedHow must be one of ${[...REMOVED_HOW]}`);
  if (e.removedHow !== undefined && e.removed === undefined) problems.push(`${file}: ${id}: removedHow without removed`);
  if (parentSince !== undefined) {
    if (e.since !== undefined && rank(e.since) < rank(parentSince)) problems.push(`${file}: ${id}: since ${e.since} is before its key's ${parentSince}`);
    e.since ??= parentSince;
  }
  if (e.since && e.removed && rank(e.removed) <= rank(e.since)) problems.push(`${file}: ${id}: removed ${e.removed} is not after since ${e.since}`);
  const dep = e.deprecatedSince ?? (typeof e.deprecated === 'object' ? e.deprecated?.since : undefined);
  if (dep && e.since && rank(dep) < rank(e.since)) problems.push(`${file}: ${id}: deprecated ${dep} before since ${e.since}`);
  for (const row of e.expandsTo ?? []) release(row, 'since', id + ' expandsTo', file);
}

/** A per-release table: known releases, strictly newer rows unless they differ by a note. */
function checkPerRelease(rows, id, file, valueOk) {
  if (rows === undefined) return;
  if (!Array.isArray(rows) || rows.length === 0) { problems.push(`${file}: ${id}: must be a non-empty list`); return; }
  let last = -1;
  for (const r of rows) {
    release(r, 'since', id, file);
    if (!valueOk(r.value)) problems.push(`${file}: ${id}: bad value '${r.value}'`);
    if (rank(r.since) < last) problems.push(`${file}: ${id}: rows must be oldest first`);
    last = rank(r.since);
  }
}

function checkOption(e, table) {
  const id = `${table} '${e.key}'`;
  if (!str(e.key)) problems.push(where(e, `${table} entry without key`));
  if (!Array.isArray(e.shape) || e.shape.length === 0 || !e.shape.every((s) => SHAPES.has(s))) problems.push(where(e, `${id}: shape must be a non-empty list of ${[...SHAPES]}`));
  for (const f of ['format', 'itemFormat']) if (e[f] !== undefined && !FORMATS.has(e[f])) problems.push(where(e, `${id}: bad ${f} '${e[f]}'`));
  if ((e.format === 'spec' || e.itemFormat === 'spec') && !str(e.spec)) problems.push(where(e, `${id}: spec format needs 'spec' table name`));
  if (!Array.isArray(e.guests) || !e.guests.every((g) => GUESTS.has(g))) problems.push(where(e, `${id}: guests must list pv/pvh/hvm`));
  if (!ARCHES.has(e.arch)) problems.push(where(e, `${id}: arch must be x86/arm/any`));
  if (e.until !== undefined) problems.push(where(e, `${id}: 'until' is gone: write removed (xl no longer reads it) or undocumentedSince (the man page no longer has it)`));
  checkSpan(e, id, e.__file);
  checkPerRelease(e.maxByRelease, `${id} maxByRelease`, e.__file, (v) => typeof v === 'number');
  release(e, 'valuesCheckedSince', id, e.__file);
  for (const f of ['summary', 'doc', 'section', 'manPage']) if (!str(e[f])) problems.push(where(e, `${id}: missing ${f}`));
  if (e.values !== undefined) {
    if (!Array.isArray(e.values)) problems.push(where(e, `${id}: values must be a list`));
    // Values may be shared between options (YAML aliases): copy before filling in.
    else for (const v of (e.values = e.values.map((v0) => (v0 && typeof v0 === 'object' ? { ...v0 } : v0)))) {
      if (v === null || typeof v !== 'object' || v.value === undefined || !str(v.doc)) { problems.push(where(e, `${id}: every value needs value and doc`)); continue; }
      checkSpan(v, `${id} value '${v.value}'`, e.__file, table === 'option' ? (e.since ?? RELEASE_LIST[0]) : undefined);
    }
  }
  if (e.deprecatedShapes !== undefined && (!Array.isArray(e.deprecatedShapes) || !e.deprecatedShapes.every((s) => e.shape?.includes(s)))) problems.push(where(e, `${id}: deprecatedShapes must be a subset of shape`));
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
  if (!UNKNOWN_KEY.has(t.unknownKey)) problems.push(where(t, `spec '${t.name}': unknownKey must be error|warning-dropped|ignored`));
  checkPerRelease(t.unknownKeyByRelease, `spec '${t.name}' unknownKeyByRelease`, t.__file, (v) => UNKNOWN_KEY.has(v));
  checkPerRelease(t.malformedItemByRelease, `spec '${t.name}' malformedItemByRelease`, t.__file, str);
  // A table is as old as the oldest option that uses it; its sub-keys inherit that.
  const users = bundle.options.filter((o) => t.usedBy?.includes(o.key));
  const tableSince = users.map((o) => String(o.since ?? RELEASE_LIST[0])).sort((a, b) => rank(a) - rank(b))[0] ?? RELEASE_LIST[0];
  if (!Array.isArray(t.subkeys) || t.subkeys.length === 0) { problems.push(where(t, `spec '${t.name}': no subkeys`)); continue; }
  for (const s of t.subkeys) {
    if (!str(s.key)) problems.push(where(t, `spec '${t.name}': sub-key without key`));
    if (!['named', 'flag', 'positional'].includes(s.kind)) problems.push(where(t, `spec '${t.name}.${s.key}': kind must be named|flag|positional`));
    if (!str(s.summary) || !str(s.doc)) problems.push(where(t, `spec '${t.name}.${s.key}': missing summary/doc`));
    checkSpan(s, `spec '${t.name}.${s.key}'`, t.__file, tableSince);
    // Values may be shared between sub-keys (YAML aliases): copy before filling in.
    if (s.values) s.values = s.values.map((v0) => {
      const v = { ...v0, value: String(v0.value) };
      if (!str(v.doc)) problems.push(where(t, `spec '${t.name}.${s.key}': value '${v.value}' needs doc`));
      checkSpan(v, `spec '${t.name}.${s.key}' value '${v.value}'`, t.__file, s.since);
      return v;
    });
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
// completion.yaml: the keys completion offers first, per kind of guest.
for (const e of bundle.completionOrder) {
  if (!['pv', 'pvh', 'hvm', 'arm'].includes(e.guest)) problems.push(where(e, `completionOrder: guest '${e.guest}' is not pv, pvh, hvm or arm`));
  for (const k of e.first ?? []) if (!bundle.options.some((o) => o.key === k)) problems.push(where(e, `completionOrder ${e.guest}: '${k}' is not an option`));
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
