// One cold start, measured inside the extension host (npm run bench, section d): opens a sample
// config the way a person would and records VS Code's own activation timing for the extension
// (the performance marks the extension host sets around loading its code and calling activate)
// and the time from opening the config to its first diagnostics. Writes $XLCFG_E2E_RESULT.
const fs = require('fs');
const vscode = require('vscode');

const EXTENSION_ID = 'xen-tooling.xen-xlcfg';

function marks() {
  const all = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
  const at = (name) => all.find((m) => m.name === `code/extHost/${name}/${EXTENSION_ID}`)?.startTime;
  const load0 = at('willLoadExtensionCode'), load1 = at('didLoadExtensionCode');
  const act0 = at('willActivateExtension'), act1 = at('didActivateExtension');
  if (load0 === undefined || act1 === undefined) return undefined;
  return { codeLoadingMs: load1 - load0, activateCallMs: act1 - act0 };
}

exports.run = async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  // VS Code may have activated it already (onLanguage of a log or output document): the language
  // server starts only with the first config either way, and that start is part of the time below.
  const activeBeforeOpen = ext.isActive;
  const folder = vscode.workspace.workspaceFolders[0].uri;
  const uri = vscode.Uri.joinPath(folder, 'with-mistakes.cfg');
  const t0 = performance.now();
  const first = new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && vscode.languages.getDiagnostics(uri).some((d) => d.source === 'xlcfg')) {
        sub.dispose();
        resolve(performance.now());
      }
    });
  });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const t1 = await first;
  // The activation has completed by the time the first diagnostics arrive.
  const timing = marks();
  const result = {
    vscode: vscode.version, node: process.version, activeBeforeOpen,
    ...(timing ?? { marks: 'unavailable' }),
    activationMs: timing ? timing.codeLoadingMs + timing.activateCallMs : undefined,
    openToDiagnosticsMs: t1 - t0,
  };
  if (process.env.XLCFG_E2E_RESULT) fs.writeFileSync(process.env.XLCFG_E2E_RESULT, JSON.stringify(result, null, 2));
  console.log(`activation ${result.activationMs?.toFixed(1)} ms, open to diagnostics ${result.openToDiagnosticsMs.toFixed(0)} ms`);
};
