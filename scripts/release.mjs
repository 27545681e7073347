// Builds the release artifacts from the bundles in dist/ and publishes them where a token allows:
//   - the npm package `xen-xlcfg` (the `xlcfg` command line alone: one bundled file, no runtime
//     dependencies), as a tarball made by `npm pack`;
//   - the VS Code extension, as a .vsix made by `vsce package`.
// Then, for each place: VS Code Marketplace (VSCE_PAT), Open VSX (OVSX_PAT), npm (NODE_AUTH_TOKEN
// or NPM_TOKEN). A place whose token is absent is skipped, and said so; --dry-run publishes
// nothing and says what it would do. The workflow .github/workflows/release.yml calls this.
//
// Usage: npm run -s build -- --minify && node scripts/release.mjs [--dry-run] [--out DIR] [--no-vsix] [--json]
// On a tag (GITHUB_REF=refs/tags/vX.Y.Z) the tag must name package.json's version.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1]; };
const dryRun = args.includes('--dry-run');
const wantVsix = !args.includes('--no-vsix');
const json = args.includes('--json');
const outDir = path.resolve(option('--out') ?? path.join(root, 'dist', 'release'));
const log = (s) => process.stderr.write(`release: ${s}\n`);
const fail = (s) => { log(`error: ${s}`); process.exit(1); };

export const NPM_PACKAGE_NAME = 'xen-xlcfg';

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = pkg.version;

// A tag names the version it releases.
const ref = process.env.GITHUB_REF ?? '';
if (ref.startsWith('refs/tags/') && ref !== `refs/tags/v${version}`) fail(`the tag ${ref.slice(10)} does not match package.json's version ${version}`);
const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
if (!new RegExp(`^## \\[?${version.replace(/\./g, '\\.')}\\]?`, 'm').test(changelog)) fail(`CHANGELOG.md has no section for ${version}`);

for (const f of ['dist/cli.js', 'dist/client.js', 'dist/server.js']) {
  if (!fs.existsSync(path.join(root, f))) fail(`${f} is missing: run npm run build first`);
}
fs.mkdirSync(outDir, { recursive: true });

// The npm package: a folder of its own, so the extension's manifest (with its .vscodeignore)
// stays the extension's, and the package holds exactly what `files` lists.
const stage = path.join(outDir, 'npm-package');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(path.join(stage, 'schemas'), { recursive: true });
fs.copyFileSync(path.join(root, 'dist/cli.js'), path.join(stage, 'cli.js'));
fs.chmodSync(path.join(stage, 'cli.js'), 0o755);
fs.copyFileSync(path.join(root, 'schemas/xlcfg-project.schema.json'), path.join(stage, 'schemas/xlcfg-project.schema.json'));
for (const f of ['LICENSE', 'CHANGELOG.md']) fs.copyFileSync(path.join(root, f), path.join(stage, f));
const npmManifest = {
  name: NPM_PACKAGE_NAME,
  version,
  description: 'xlcfg: check, format and parse Xen xl.cfg domain configs as xl reads them; text, JSON, SARIF and GitHub annotations for CI; an LSP server.',
  license: pkg.license,
  repository: pkg.repository,
  homepage: `${pkg.repository.url}#command-line-tool`,
  bugs: `${pkg.repository.url}/issues`,
  keywords: ['xen', 'xl', 'xl.cfg', 'linter', 'formatter', 'sarif', 'lsp'],
  bin: { xlcfg: 'cli.js' },
  files: ['cli.js', 'schemas/xlcfg-project.schema.json', 'README.md', 'LICENSE', 'CHANGELOG.md'],
  engines: { node: pkg.engines.node },
};
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(npmManifest, null, 2) + '\n');
fs.writeFileSync(path.join(stage, 'README.md'), `# xlcfg

The command line of [Xen xl.cfg](${pkg.repository.url}): checks Xen domain configs (\`/etc/xen/*.cfg\`)
the way Xen's \`xl\` reads them, formats them, prints their values, and serves the language
server to any LSP editor. One bundled file, no dependencies, Node ${pkg.engines.node}.

\`\`\`sh
xlcfg check /etc/xen                      # FILE:LINE:COL: SEVERITY: MESSAGE [CODE]
xlcfg check --format sarif configs/ > xlcfg.sarif
xlcfg check --format github --strict configs/   # annotations in GitHub Actions; warnings fail
xlcfg fmt --check configs/
xlcfg parse guest.cfg
xlcfg lsp --stdio
xlcfg COMMAND --help
\`\`\`

Settings for a tree of configs: \`.xlcfg.json\` (schema: \`schemas/xlcfg-project.schema.json\`).
Documentation: ${pkg.repository.url}#command-line-tool
`);
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
const tarball = path.join(outDir, packed[0].filename);
log(`npm package ${NPM_PACKAGE_NAME}@${version}: ${path.relative(root, tarball)} (${packed[0].size} bytes, ${packed[0].files.length} files)`);

let vsix;
if (wantVsix) {
  vsix = path.join(outDir, `${pkg.name}-${version}.vsix`);
  execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  log(`extension ${pkg.publisher}.${pkg.name}@${version}: ${path.relative(root, vsix)} (${fs.statSync(vsix).size} bytes)`);
}

// Each place: its token, and the command that publishes there.
const OVSX = 'ovsx@0.10.6';
const places = [
  { place: 'vscode-marketplace', token: ['VSCE_PAT'], artifact: vsix, command: vsix && [path.join(root, 'node_modules/.bin/vsce'), 'publish', '--packagePath', vsix] },
  { place: 'open-vsx', token: ['OVSX_PAT'], artifact: vsix, command: vsix && ['npx', '--yes', OVSX, 'publish', vsix] },
  { place: 'npm', token: ['NODE_AUTH_TOKEN', 'NPM_TOKEN'], artifact: tarball, command: ['npm', 'publish', tarball, '--access', 'public', '--userconfig', path.join(outDir, 'publish.npmrc')] },
];
const report = [];
for (const p of places) {
  const tokenName = p.token.find((t) => process.env[t]);
  if (!p.artifact) { report.push({ place: p.place, action: 'skipped', reason: 'no .vsix built (--no-vsix)' }); log(`${p.place}: skipped, no .vsix built`); continue; }
  if (!tokenName) { report.push({ place: p.place, action: 'skipped', reason: `${p.token.join(' or ')} not set` }); log(`${p.place}: skipped, ${p.token.join(' or ')} not set`); continue; }
  if (dryRun) { report.push({ place: p.place, action: 'would-publish', artifact: p.artifact, command: p.command.map((c) => path.basename(c) === c ? c : path.relative(root, c)) }); log(`${p.place}: would publish ${path.basename(p.artifact)} (dry run)`); continue; }
  // npm takes the token from a config file that names the variable (npm expands it), never from
  // the command line, where it would show in the process list.
  if (p.place === 'npm') fs.writeFileSync(path.join(outDir, 'publish.npmrc'), '//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\n', { mode: 0o600 });
  const env = { ...process.env, ...(p.place === 'npm' && !process.env.NODE_AUTH_TOKEN ? { NODE_AUTH_TOKEN: process.env.NPM_TOKEN } : {}) };
  execFileSync(p.command[0], p.command.slice(1), { cwd: root, stdio: 'inherit', env });
  report.push({ place: p.place, action: 'published', artifact: p.artifact });
  log(`${p.place}: published ${path.basename(p.artifact)}`);
}
if (json) process.stdout.write(JSON.stringify({ version, dryRun, npmPackage: { name: NPM_PACKAGE_NAME, tarball }, vsix, places: report }, null, 2) + '\n');
