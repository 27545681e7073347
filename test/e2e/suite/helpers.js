// Helpers for the extension-host suite. Everything waits on a VS Code event or a promise the
// extension hands out; nothing sleeps. A test that never gets its event fails on mocha's timeout.
const vscode = require('vscode');

const EXTENSION_ID = 'xen-tooling.xen-xlcfg';
const timings = {};

let apiPromise;
/** Activates the extension (once) and waits for its language server; records how long that took. */
function activate() {
  apiPromise ??= (async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
    timings.activatedBySuite = !ext.isActive;
    const t0 = performance.now();
    const api = await ext.activate();
    await api.ready;
    if (timings.activatedBySuite) timings.activateAndServerReadyMs = Math.round(performance.now() - t0);
    Object.assign(timings, vscodeActivationMarks(EXTENSION_ID));
    return api;
  })();
  return apiPromise;
}

/**
 * VS Code's own record of the activation (the performance marks the extension host sets around
 * loading the extension's code and calling activate()), in ms.
 */
function vscodeActivationMarks(id) {
  const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
  const at = (name) => marks.find((m) => m.name === `code/extHost/${name}/${id}`)?.startTime;
  const load0 = at('willLoadExtensionCode'), load1 = at('didLoadExtensionCode');
  const act0 = at('willActivateExtension'), act1 = at('didActivateExtension');
  const ready = at('ready') ?? marks.find((m) => m.name === 'code/extHost/ready')?.startTime;
  if (load0 === undefined || act1 === undefined) return { vscodeMarks: 'unavailable' };
  return {
    codeLoadingMs: load1 - load0, activateCallMs: act1 - act0, activationTotalMs: act1 - load0,
    ...(ready !== undefined ? { sinceExtHostReadyMs: act1 - ready } : {}),
  };
}

const workspace = () => vscode.workspace.workspaceFolders[0].uri;
const file = (...segments) => vscode.Uri.joinPath(workspace(), ...segments);
const same = (a, b) => a.toString() === b.toString();

/** The first event from `event` that satisfies `pred`; `dispose()` drops the subscription if it is no longer wanted. */
function nextEvent(event, pred = () => true) {
  let sub;
  const promise = new Promise((resolve) => {
    sub = event((e) => { if (pred(e)) { sub.dispose(); resolve(e); } });
  });
  promise.dispose = () => sub.dispose();
  return promise;
}

/**
 * Opens `uri` and resolves with its document once VS Code gives it `languageId` — at once, or when the
 * extension switches the language (setTextDocumentLanguage closes and reopens the document, so the
 * reopened one arrives through onDidOpenTextDocument).
 */
async function openWithLanguage(uri, languageId) {
  const reopened = nextEvent(vscode.workspace.onDidOpenTextDocument, (d) => same(d.uri, uri) && d.languageId === languageId);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId === languageId) { reopened.dispose(); return doc; }
  return reopened;
}

/** Resolves with the diagnostics of `uri` once they satisfy `pred` (now or at a later onDidChangeDiagnostics). */
function diagnosticsFor(uri, pred) {
  return new Promise((resolve) => {
    let sub;
    let done = false;
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!done && pred(d)) { done = true; sub?.dispose(); resolve(d); }
    };
    sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => same(u, uri))) check(); });
    check();
    if (done) sub.dispose();
  });
}

const codeOf = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));

/** Line and column of the first match of `re` in `doc` (the match's start, or of its first group). */
function positionOf(doc, re) {
  const m = re.exec(doc.getText());
  if (!m) throw new Error(`${re} not found in ${doc.uri.path}`);
  const offset = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
  return doc.positionAt(offset);
}

const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

async function writeFile(uri, text) {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

module.exports = { EXTENSION_ID, timings, activate, workspace, file, nextEvent, openWithLanguage, diagnosticsFor, codeOf, positionOf, labelOf, writeFile, same };
