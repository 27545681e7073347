// `npm start`: VS Code (code-server) in your browser with the extension from the working tree
// installed, on a folder of xl configs. Stays up until Ctrl-C.
//
// usage: node test/e2e/serve.mjs [FOLDER=samples] [--port=8080] [--host=127.0.0.1] [--flavour=min|max]
// The extension must be built first (`npm start` does that). Restart to pick up a new build.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO, cacheRoot, codeServerCli, ensureCodeServer, makeProfile, startCodeServer } from './code-server.mjs';
import { packageVsix } from './workbench.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const a = args.find((x) => x.startsWith(`--${name}=`)); return a ? a.slice(name.length + 3) : dflt; };
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node test/e2e/serve.mjs [FOLDER=samples] [--port=8080] [--host=127.0.0.1] [--flavour=min|max]');
  process.exit(0);
}
const folder = path.resolve(args.find((a) => !a.startsWith('--')) || path.join(REPO, 'samples'));
const host = opt('host', '127.0.0.1');
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
const flavour = opt('flavour', 'min');
if (!fs.existsSync(folder)) { console.error(`no such folder: ${folder}`); process.exit(2); }

const cs = await ensureCodeServer(flavour);
// A profile kept between runs (settings, open editors), apart from the one the tests use.
const profile = makeProfile(path.join(cacheRoot(), 'profiles', `serve-${cs.codeServer}-${port}`), { 'workbench.colorTheme': 'Default Dark Modern' }, { keepUserSettings: true });
const vsix = packageVsix(profile.root);
await codeServerCli(cs, profile, ['--install-extension', vsix, '--force']);
console.log(`[serve] installed the extension from ${REPO} into code-server ${cs.codeServer} (VS Code ${cs.vscode})`);

let server;
try {
  server = await startCodeServer(cs, profile, {
    port, host, onOutput: process.env.XLCFG_E2E_VERBOSE ? (s) => process.stdout.write(s) : undefined,
  });
} catch (e) {
  console.error(/EADDRINUSE/.test(e.message) ? `[serve] port ${port} is in use: pick another with --port=N` : e.message);
  process.exit(1);
}
const url = `http://${host}:${port}/?folder=${encodeURIComponent(folder)}`;
console.log(`\n  Xen xl.cfg in VS Code ${cs.vscode}: ${url}\n  serving ${folder}; Ctrl-C to stop\n`);

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
