// Build: compile the knowledge tables, then bundle client, server and CLI with esbuild.
// Usage: node scripts/build.mjs [--watch] [--minify]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

execFileSync(process.execPath, [path.join(root, 'scripts/compile-knowledge.mjs')], { stdio: 'inherit' });

const common = {
  bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: !minify, minify,
  logLevel: 'warning', define: { XLCFG_VERSION: JSON.stringify(pkg.version) }, absWorkingDir: root,
};
// The knowledge tables ship once in the .vsix, as dist/knowledge.json: the language server
// (dist/server.js) requires it at run time, and the browser build is handed it before its server
// code runs (client/src/browser.ts). The CLI, shipped on its own, keeps its copy inside.
const knowledgeBeside = {
  name: 'knowledge-beside',
  setup(b) { b.onResolve({ filter: /generated\/knowledge\.json$/ }, () => ({ path: './knowledge.json', external: true })); },
};
const knowledgeHandedIn = {
  name: 'knowledge-handed-in',
  setup(b) {
    b.onResolve({ filter: /generated\/knowledge\.json$/ }, () => ({ path: 'knowledge', namespace: 'xlcfg-knowledge' }));
    b.onLoad({ filter: /.*/, namespace: 'xlcfg-knowledge' }, () => ({
      contents: 'if (!globalThis.xlcfgKnowledge) throw new Error("the knowledge tables were not handed in"); module.exports = globalThis.xlcfgKnowledge;',
      loader: 'js',
    }));
  },
};
const builds = [
  // The desktop extension: a small activation bundle, and the language clients loaded on first need.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['client/src/clients.ts'], outfile: 'dist/clients.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/serverEntry.ts'], outfile: 'dist/server.js', plugins: [knowledgeBeside] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // VS Code for the Web: client and language server in one bundle for the extension host's web
  // worker (package.json "browser"). Nothing of node may be in it: the build fails if it is.
  {
    entryPoints: ['client/src/browser.ts'], outfile: 'dist/web/extension.js', external: ['vscode'],
    platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'], plugins: [knowledgeHandedIn],
  },
];
if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  // The shipped copy leaves out what only the tests and the docs read: the source citations of
  // xl-reading.yaml (the .vsix has a size budget).
  const knowledge = JSON.parse(fs.readFileSync(path.join(root, 'server/src/service/knowledge/generated/knowledge.json'), 'utf8'));
  for (const row of knowledge.xlReading ?? []) delete row.source;
  fs.writeFileSync(path.join(root, 'dist/knowledge.json'), JSON.stringify(knowledge));
}
