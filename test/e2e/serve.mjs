// `npm start`: VS Code (code-server) in your browser with the extension from the working tree
// installed, on a scratch copy of the sample configs. Stays up until Ctrl-C.
//
// usage: node test/e2e/serve.mjs [FOLDER] [--port=8080] [--host=127.0.0.1 [--expose]] [--flavour=min|max] [--fresh]
//
// - FOLDER defaults to the bundled samples. A folder inside this repository is never served
//   itself: a scratch copy is (under .cache/start/), so auto-save and exports cannot touch
//   tracked files or end up in a .vsix. --fresh starts the copy over.
// - code-server listens on 127.0.0.1 and asks for a password, printed here. Another address is
//   refused unless --expose is given too: the editor has a terminal with this user's rights.
// - The flavour follows the running Node: code-server 4.100.3 on Node 20, otherwise 4.139.1 with
//   its own Node 24 from the npm registry.
// The extension must be built first (`npm start` does that). Restart to pick up a new build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO, cacheRoot, codeServerCli, ensureCodeServer, flavourForThisNode, makeProfile, startCodeServer } from './code-server.mjs';
import { packageVsix } from './workbench.mjs';

const USAGE = 'usage: node test/e2e/serve.mjs [FOLDER] [--port=8080] [--host=127.0.0.1 [--expose]] [--flavour=min|max] [--fresh]';
const args = process.argv.slice(2);
const opt = (name, dflt) => { const a = args.find((x) => x.startsWith(`--${name}=`)); return a ? a.slice(name.length + 3) : dflt; };
if (args.includes('--help') || args.includes('-h')) { console.log(USAGE); process.exit(0); }
const known = /^--(port|host|flavour)=|^--(expose|fresh)$/;
const unknown = args.filter((a) => a.startsWith('-') && !known.test(a));
if (unknown.length) { console.error(`[serve] unknown option ${unknown.join(' ')}\n${USAGE}`); process.exit(2); }

const host = opt('host', '127.0.0.1');
const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host);
if (!loopback && !args.includes('--expose')) {
  console.error(`[serve] refusing to listen on ${host}: anyone who reaches it and has the password gets this editor, with a terminal running as ${process.env.USER || 'this user'}${process.getuid?.() === 0 ? ' (root)' : ''}.\n` +
    '  If that is what you want, say so twice: --host=ADDRESS --expose');
  process.exit(2);
}

/** The folder to serve: the user's own folder as is, anything inside the repository as a scratch copy. */
function workspace() {
  const asked = path.resolve(args.find((a) => !a.startsWith('--')) || path.join(REPO, 'samples'));
  if (!fs.existsSync(asked) || !fs.statSync(asked).isDirectory()) { console.error(`[serve] no such folder: ${asked}`); process.exit(2); }
  const inRepo = !path.relative(REPO, asked).startsWith('..') && !path.isAbsolute(path.relative(REPO, asked));
  const inCache = !path.relative(path.join(REPO, '.cache'), asked).startsWith('..');
  if (!inRepo || inCache) return { folder: asked, copied: false };
  const scratch = path.join(REPO, '.cache', 'start', path.relative(REPO, asked).replace(/[\\/]/g, '-') || 'repo');
  if (args.includes('--fresh')) fs.rmSync(scratch, { recursive: true, force: true });
  if (!fs.existsSync(scratch)) fs.cpSync(asked, scratch, { recursive: true });
  return { folder: scratch, copied: true, from: asked };
}
const ws = workspace();

const askedPort = opt('port', process.env.PORT);
/** Resolves `wanted` if it can be bound, else a free port chosen by the OS. */
const portFrom = (wanted) => new Promise((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => { const any = net.createServer().listen(0, host, () => { const p = any.address().port; any.close(() => resolve(p)); }); });
  probe.listen(wanted, host, () => probe.close(() => resolve(wanted)));
});
// An explicit --port is used as given (and fails clearly if taken); the default 8080 falls back to a free port.
const port = askedPort ? Number(askedPort) : await portFrom(8080);
if (!askedPort && port !== 8080) console.log(`[serve] port 8080 is in use; using ${port}`);
const flavour = opt('flavour', flavourForThisNode());

let cs;
try {
  cs = await ensureCodeServer(flavour);
} catch (e) {
  console.error(`[serve] ${e.message}`);
  process.exit(1);
}
// A profile kept between runs (settings, open editors), apart from the one the tests use.
const profile = makeProfile(path.join(cacheRoot(), 'profiles', `serve-${cs.codeServer}-${port}`), { 'workbench.colorTheme': 'Default Dark Modern' }, { keepUserSettings: true });
const vsix = packageVsix(profile.root);
await codeServerCli(cs, profile, ['--install-extension', vsix, '--force']);
console.log(`[serve] installed the extension from ${REPO} into code-server ${cs.codeServer} (VS Code ${cs.vscode})`);

const password = crypto.randomBytes(12).toString('base64url');
let server;
try {
  server = await startCodeServer(cs, profile, {
    port, host, password, onOutput: process.env.XLCFG_E2E_VERBOSE ? (s) => process.stdout.write(s) : undefined,
  });
} catch (e) {
  console.error(/EADDRINUSE/.test(e.message) ? `[serve] port ${port} is in use: pick another with --port=N` : e.message);
  process.exit(1);
}
const shownHost = host.includes(':') ? `[${host}]` : host;
const url = `http://${shownHost}:${port}/?folder=${encodeURIComponent(ws.folder)}`;
console.log(`\n  Xen xl.cfg in VS Code ${cs.vscode}: ${url}\n  password: ${password}\n` +
  `  serving ${ws.folder}${ws.copied ? ` (a scratch copy of ${path.relative(REPO, ws.from) || '.'}; --fresh starts it over)` : ''}; Ctrl-C to stop\n`);

let stopping = false;
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  console.log('\n[serve] stopping code-server');
  await server.stop();
  process.exit(code);
};
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));
server.exited.then((c) => { if (!stopping) { console.error(`[serve] code-server exited (${c}):\n${server.log().slice(-2000)}`); process.exit(1); } });
