// "Xen: New Guest Config": asks for the guest type, name, memory, vCPUs, boot method, disk and
// network bridge, then opens the config the server generates (untitled, or saved where chosen).
// Every answer is checked by the server's generator rules as it is typed.

import * as vscode from 'vscode';
import type { BootMethod, DiskSource, GenGuestType, GuestOptions, ServerLink } from './server';

const TITLE = 'New Xen guest';

export async function newGuestConfig(server: ServerLink): Promise<void> {
  try {
    await run(server);
  } catch (e) {
    void vscode.window.showErrorMessage(`New guest config failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function run(server: ServerLink): Promise<void> {
  const choices = await server.choices();
  const o: Partial<GuestOptions> = {};
  let step = 0;
  const title = () => `${TITLE} (${++step})`;
  /** A validator for one field: the server's message for that field, if any. */
  const check = (field: keyof GuestOptions, parse: (s: string) => unknown) => async (value: string) => {
    const r = await server.checkGuest({ ...o, [field]: parse(value) });
    return r.problems.find((p) => p.field === field)?.message;
  };

  const type = await vscode.window.showQuickPick(choices.types.map((t) => ({ label: t.label, detail: t.detail, type: t.type })),
    { title: title(), placeHolder: 'Guest type', ignoreFocusOut: true });
  if (!type) return;
  o.type = type.type as GenGuestType;
  const info = choices.types.find((t) => t.type === o.type)!;

  const name = await vscode.window.showInputBox({ title: title(), prompt: 'Guest name (also used for the disk and file names)', value: `${o.type}-guest`, ignoreFocusOut: true, validateInput: check('name', String) });
  if (name === undefined) return;
  o.name = name;

  const memory = await vscode.window.showInputBox({ title: title(), prompt: 'Memory in MiB', value: String(choices.defaults.memory[o.type]), ignoreFocusOut: true, validateInput: check('memory', toInt) });
  if (memory === undefined) return;
  o.memory = toInt(memory);

  const vcpus = await vscode.window.showInputBox({ title: title(), prompt: 'Number of virtual CPUs', value: String(choices.defaults.vcpus), ignoreFocusOut: true, validateInput: check('vcpus', toInt) });
  if (vcpus === undefined) return;
  o.vcpus = toInt(vcpus);

  const boot = info.boots.length === 1 ? { boot: info.boots[0] } : await vscode.window.showQuickPick(
    info.boots.map((b) => ({ label: choices.bootLabels[b], detail: b === 'firmware' ? info.firmwareLabel : undefined, boot: b })),
    { title: title(), placeHolder: 'How the guest boots', ignoreFocusOut: true });
  if (!boot) return;
  o.boot = boot.boot as BootMethod;

  if (o.type === 'hvm' && o.boot === 'firmware') {
    const fw = await vscode.window.showQuickPick([
      { label: 'BIOS (SeaBIOS)', detail: 'For systems installed in legacy BIOS mode.', firmware: 'bios' as const },
      { label: 'UEFI (OVMF)', detail: 'For systems installed in UEFI mode (needed for Secure Boot–era Windows).', firmware: 'uefi' as const },
    ], { title: title(), placeHolder: 'Firmware', ignoreFocusOut: true });
    if (!fw) return;
    o.firmware = fw.firmware;
  }
  if (o.boot === 'kernel') {
    const k = choices.kernels[o.type];
    const kernel = await vscode.window.showInputBox({ title: title(), prompt: 'Kernel image in dom0', value: k.kernel, ignoreFocusOut: true, validateInput: check('kernel', String) });
    if (kernel === undefined) return;
    o.kernel = kernel;
    const ramdisk = await vscode.window.showInputBox({ title: title(), prompt: 'Initial ramdisk in dom0', value: k.ramdisk, ignoreFocusOut: true, validateInput: check('ramdisk', String) });
    if (ramdisk === undefined) return;
    o.ramdisk = ramdisk;
  }

  const disk = await vscode.window.showQuickPick(choices.diskSourcesByBoot[o.boot].map((d) => ({ label: choices.diskLabels[d], disk: d })),
    { title: title(), placeHolder: 'Where the guest\'s disk comes from', ignoreFocusOut: true });
  if (!disk) return;
  o.disk = disk.disk as DiskSource;
  if (o.disk !== 'none') {
    const { diskPath } = await server.checkGuest(o);
    const p = await vscode.window.showInputBox({ title: title(), prompt: o.disk === 'block' ? 'Block device in dom0' : 'Image file in dom0', value: diskPath, ignoreFocusOut: true, validateInput: check('diskPath', String) });
    if (p === undefined) return;
    o.diskPath = p;
  }

  const bridge = await vscode.window.showInputBox({ title: title(), prompt: 'Network bridge in dom0 for one network card (leave empty for no network)', value: choices.defaults.bridge, ignoreFocusOut: true, validateInput: check('bridge', String) });
  if (bridge === undefined) return;
  o.bridge = bridge.trim();

  const result = await server.generateGuest(o as GuestOptions);
  if (!result.text) {
    void vscode.window.showErrorMessage(`Cannot write the config: ${result.problems.map((p) => p.message).join(' ')}`);
    return;
  }
  const where = await vscode.window.showQuickPick([
    { label: 'Open as a new unsaved file', save: false },
    { label: 'Save to a file…', save: true },
  ], { title: title(), placeHolder: `Config for ${o.name} is ready`, ignoreFocusOut: true });
  if (!where) return;
  if (!where.save) {
    const doc = await vscode.workspace.openTextDocument({ language: 'xlcfg', content: result.text });
    await vscode.window.showTextDocument(doc);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `Save ${o.name}'s config`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${o.name}.cfg`) : undefined,
    filters: { 'Xen domain config': ['cfg', 'xl', 'xlcfg'], 'All files': ['*'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc);
}

function toInt(s: string): number {
  const t = s.trim();
  return /^\d+$/.test(t) ? Number(t) : NaN;
}
