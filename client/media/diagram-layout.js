// Layout of the layer diagram, without any DOM: from the guest model (sent by the language
// server) to a scene of bands, boxes and edges with coordinates. diagram.js draws the scene;
// the unit tests load this file in node. Strings from the config are carried as data only.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.XenDiagramLayout = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const W = 1000;
  const PAD = 14;
  const LABEL_H = 24;
  const GAP = 12;
  const LEFT = { x0: 24, x1: 306 };
  const COLS = { x0: 338, x1: 976 };
  const CHIP_H = 26;
  const MAX_COLUMNS = 10;
  const CHAR_W = 6.4; // average width of a 11.5px UI font character, for truncation

  /** Boxes whose subject has no glossary entry get a definition of our own. */
  const LOCAL_TERMS = {
    hardware: { term: 'Physical hardware', short: 'The machine itself: CPUs, memory, disks, network cards and other PCI devices.', full: 'Xen runs directly on the hardware. It keeps the CPUs, memory and interrupt routing for itself and hands the devices to dom0 (or to driver domains, or straight to a guest through PCI passthrough).' },
    memory: { term: 'Memory (RAM)', short: 'Physical memory, divided by Xen between the domains.', full: 'Xen owns all physical memory and gives each domain its own share. A guest\'s `memory` is what it starts with; `maxmem` is how far it may be ballooned up.' },
    storage: { term: 'Storage', short: 'The host\'s disks, where the guests\' block devices and image files live.', full: 'Dom0 reaches the disks with its ordinary Linux drivers. Each guest disk is a block device (an LVM volume, a partition) or an image file in dom0, served to the guest by a backend.' },
    nics: { term: 'Network cards', short: 'The host\'s physical network interfaces.', full: 'Dom0 drives the network cards. Guests\' virtual interfaces (vifs) are joined to a bridge in dom0 that also holds a physical card, so guests reach the network through dom0.' },
    drivers: { term: 'Device drivers in dom0', short: 'Dom0\'s ordinary Linux drivers for the real disks and network cards.', full: 'Xen contains no disk or network drivers. Dom0 (usually Linux) runs the real drivers, and the backends serve guests\' virtual devices on top of them.' },
    bridge: { term: 'Network bridge', short: 'A software switch in dom0 joining guests\' vifs with a physical network card.', full: 'Each vif has a backend interface in dom0 (vifDOMID.N) that the hotplug script adds to the bridge named by `bridge=` (xenbr0 when not given). The bridge itself is set up in dom0\'s network configuration, not by xl.' },
    'other-domus': { term: 'Other guests', short: 'The other domUs running on the same host.', full: 'A host runs many guests side by side, each described by its own xl config and each with its own frontends connected to backends in dom0 or in driver domains.' },
    products: { term: 'Products and distributions', short: 'What people install: platforms, distributions and management tools built around Xen and its toolstacks.', full: 'Around the Xen Project\'s own software sit the things most users meet first: XenServer and XCP-ng (Xen with the XAPI toolstack, managed with XenCenter or Xen Orchestra), security- and client-focused systems such as Qubes OS and OpenXT, libvirt, and the Linux and BSD distributions that package Xen with xl.' },
    distributions: { term: 'Distributions', short: 'Linux and BSD distributions that package Xen and its xl toolstack.', full: 'Debian, Ubuntu, Fedora, openSUSE, Alpine, Arch, NixOS, FreeBSD and others ship Xen, its xl/libxl tools and a dom0-capable kernel, so that a plain Xen host is a package install away. Their xl.cfg files are the ones this extension edits.' },
    scheduler: { term: 'Scheduler', short: 'Xen decides which vCPU runs on which physical CPU.', full: 'Xen schedules every domain\'s vCPUs on the physical CPUs. Credit2 is the default scheduler; others (credit, RTDS, null) can be chosen per CPU pool.' },
  };

  function truncate(text, maxChars) {
    const s = String(text == null ? '' : text);
    if (maxChars < 2) return s.length ? '…' : '';
    return s.length > maxChars ? s.slice(0, maxChars - 1) + '…' : s;
  }

  const fit = (text, width, charW) => truncate(text, Math.floor((width - 12) / (charW || CHAR_W)));
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + 's'}`;
  const TYPE_LABEL = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };
  const PT_LABEL = { pci: 'PCI', dtdev: 'DT device', iomem: 'I/O memory', irq: 'IRQ', ioport: 'I/O ports' };
  const OTHER = {
    vfb: { front: 'framebuffer', back: 'vfb backend (QEMU)', term: 'vfb' },
    vkb: { front: 'keyboard', back: 'vkb backend', term: 'vfb' },
    vtpm: { front: 'vTPM', back: 'vTPM backend', term: 'vtpm' },
    channel: { front: 'channel', back: 'channel (QEMU)', term: 'qemu' },
    p9: { front: '9pfs', back: '9pfs (QEMU)', term: 'qemu' },
    usb: { front: 'USB', back: 'USB (QEMU)', term: 'qemu' },
    vdispl: { front: 'display', back: 'display backend', term: 'split-driver-model' },
    vsnd: { front: 'sound', back: 'sound backend', term: 'split-driver-model' },
    console: { front: 'console', back: 'xenconsoled', term: 'xenconsoled' },
  };

  function num(v, fallback) {
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  }
  function arr(v) {
    return Array.isArray(v) ? v : [];
  }
  function str(v) {
    return typeof v === 'string' ? v : v == null ? '' : String(v);
  }

  /** One line describing the guest's resources. */
  function resourcesLine(m) {
    const vc = m.vcpus || {};
    const mem = m.memory || {};
    const online = num(vc.online, 1);
    const max = num(vc.max, undefined);
    const initial = num(mem.initial, 0);
    const maxMem = num(mem.max, undefined);
    return `${TYPE_LABEL[m.type] || str(m.type).toUpperCase() || 'PV'} guest · ${plural(online, 'vCPU')}${max !== undefined ? ` (up to ${max})` : ''}${vc.isDefault ? ' (default)' : ''}` +
      ` · ${initial} MiB${maxMem !== undefined ? ` (up to ${maxMem})` : ''}${mem.isDefault ? ' (default)' : ''}`;
  }

  function bootLine(m) {
    const b = m.boot || {};
    const d = str(b.detail);
    switch (b.method) {
      case 'kernel': return `boots: kernel from dom0 ${d}`;
      case 'bootloader': return `boots: ${d || 'bootloader'} in dom0 reads the guest's disk`;
      case 'firmware': return `boots: firmware ${d}`;
      default: return 'boots: nothing set (no kernel, bootloader or firmware)';
    }
  }

  function deviceColumns(m) {
    const cols = [];
    arr(m.disks).forEach((d) => cols.push({ kind: 'disk', d }));
    arr(m.vifs).forEach((d) => cols.push({ kind: 'vif', d }));
    arr(m.others).forEach((d) => cols.push({ kind: 'other', d }));
    arr(m.passthrough).forEach((d) => cols.push({ kind: 'passthrough', d }));
    if (cols.length > MAX_COLUMNS) {
      const shown = cols.slice(0, MAX_COLUMNS - 1);
      shown.push({ kind: 'more', count: cols.length - shown.length });
      return shown;
    }
    return cols;
  }

  /**
   * The stack, bottom to top: hardware, Xen, dom0, guests. `model` may be null (no config open):
   * a placeholder guest is drawn. Returns { width, height, items }.
   */
  function stackScene(model, options) {
    const opts = options || {};
    const m = model && typeof model === 'object' ? model : null;
    const items = [];
    const add = (it) => { items.push(it); return it; };
    const cols = m && m.fileKind !== 'xl.conf' ? deviceColumns(m) : [];
    const n = Math.max(cols.length, 1);
    const colW = Math.min(150, (COLS.x1 - COLS.x0) / n);
    const colsX0 = COLS.x0 + ((COLS.x1 - COLS.x0) - colW * cols.length) / 2;
    const colX = (i) => colsX0 + i * colW + 4;
    const chipW = colW - 8;
    const cx = (i) => colX(i) + chipW / 2;

    // ---- guests (domU)
    const y0 = PAD;
    const guestY = y0 + LABEL_H + 6;
    const guestH = cols.length ? 108 : 76;
    const domuH = LABEL_H + 6 + guestH + 12;
    add({ kind: 'band', id: 'band-domu', x: PAD, y: y0, w: W - 2 * PAD, h: domuH, cls: 'band band-domu', label: 'Guests (domU)', term: 'domu' });
    add({ kind: 'box', id: 'other-domu-1', x: LEFT.x0, y: guestY + 2, w: 132, h: 40, cls: 'box ghost', lines: [{ text: 'domU 2' }, { text: 'another guest', cls: 'small' }], term: 'other-domus' });
    add({ kind: 'box', id: 'other-domu-2', x: LEFT.x0 + 144, y: guestY + 2, w: 132, h: 40, cls: 'box ghost', lines: [{ text: 'domU …' }, { text: 'more guests', cls: 'small' }], term: 'other-domus' });

    const gx = COLS.x0 - 6, gw = COLS.x1 - COLS.x0 + 12;
    if (!m) {
      add({ kind: 'box', id: 'guest', x: gx, y: guestY, w: gw, h: guestH, cls: 'box guest placeholder', term: 'domu',
        lines: [{ text: 'Your guest', cls: 'title' }, { text: 'Open an xl config to draw the guest it describes.', cls: 'small' }] });
    } else if (m.fileKind === 'xl.conf') {
      add({ kind: 'box', id: 'guest', x: gx, y: guestY, w: gw, h: guestH, cls: 'box guest placeholder', term: 'xl',
        lines: [{ text: 'xl.conf', cls: 'title' }, { text: 'Global settings of the xl toolstack in dom0, not a guest.', cls: 'small' }] });
    } else {
      const name = str(m.name);
      const guest = add({ kind: 'box', id: 'guest', x: gx, y: guestY, w: gw, h: guestH, cls: `box guest type-${str(m.type)}`, term: 'domu', reveal: null,
        lines: [
          name ? { text: fit(name, gw, 8.6), cls: 'title', role: 'guest-name' } : { text: '(no name: xl requires name = "...")', cls: 'title missing', role: 'guest-name-missing' },
          { text: fit(resourcesLine(m), gw), cls: 'small' },
          { text: fit(bootLine(m), gw), cls: 'small' },
        ],
        info: { title: name || 'Unnamed guest', rows: [
          ['Name', name || '(missing)'], ['Type', `${TYPE_LABEL[m.type] || str(m.type)}${m.typeSource === 'default' ? ' (no type key: xl assumes PV)' : ''}`],
          ['Resources', resourcesLine(m).replace(/^[A-Z]+ guest · /, '')], ['Boot', bootLine(m).replace(/^boots: /, '')],
          ...(m.arch ? [['Architecture', m.arch === 'arm' ? 'Arm' : 'x86']] : []),
        ], typeTerm: m.type } });
      guest.fullLabel = `Guest ${name || '(unnamed)'}: ${resourcesLine(m)}; ${bootLine(m)}`;
    }

    // ---- dom0
    const y1 = y0 + domuH + GAP;
    const row1 = y1 + LABEL_H + 8;
    const row2 = row1 + 34 + 22;
    const row3 = row2 + CHIP_H + 20;
    const dom0H = row3 + CHIP_H + 12 - y1;
    add({ kind: 'band', id: 'band-dom0', x: PAD, y: y1, w: W - 2 * PAD, h: dom0H, cls: 'band band-dom0', label: 'Control domain (dom0)', term: 'dom0' });
    const lw = LEFT.x1 - LEFT.x0;
    add({ kind: 'box', id: 'toolstack', x: LEFT.x0, y: row1, w: lw, h: 34, cls: 'box service', term: 'toolstack',
      lines: [{ text: 'Toolstack: xl → libxl' }, { text: 'creates the guest from this file', cls: 'small' }] });
    add({ kind: 'box', id: 'xenstored', x: LEFT.x0, y: row2, w: lw, h: CHIP_H, cls: 'box service', term: 'xenstored', lines: [{ text: 'xenstored (xenstore)' }] });
    const dm = m && m.deviceModel;
    const dmWhere = dm && dm.where === 'stub-domain' ? ' in a stub domain' : '';
    add({ kind: 'box', id: 'qemu', x: LEFT.x0, y: row3, w: lw, h: CHIP_H, cls: `box service${dm ? ' active' : ' idle'}`, term: dm && dm.where === 'stub-domain' ? 'stub-domain' : 'device-model',
      lines: [{ text: dm ? fit(`QEMU device model${dmWhere}: ${arr(dm.reasons).join(', ')}`, lw) : 'QEMU device model (not needed)' }] });

    // ---- Xen
    const y2 = y1 + dom0H + GAP;
    const xenRow = y2 + LABEL_H + 6;
    const xenH = LABEL_H + 6 + CHIP_H + 12;
    add({ kind: 'band', id: 'band-xen', x: PAD, y: y2, w: W - 2 * PAD, h: xenH, cls: 'band band-xen', label: 'Xen hypervisor', term: 'xen' });

    // ---- hardware
    const y3 = y2 + xenH + GAP;
    const hwRow = y3 + LABEL_H + 6;
    const hwH = LABEL_H + 6 + CHIP_H + 12;
    add({ kind: 'band', id: 'band-hw', x: PAD, y: y3, w: W - 2 * PAD, h: hwH, cls: 'band band-hw', label: 'Physical hardware', term: 'hardware' });
    add({ kind: 'box', id: 'hw-cpu', x: LEFT.x0, y: hwRow, w: lw / 2 - 4, h: CHIP_H, cls: 'box hw', term: 'vt-x-amd-v', lines: [{ text: 'CPUs (VT-x / AMD-V)' }] });
    add({ kind: 'box', id: 'hw-mem', x: LEFT.x0 + lw / 2 + 4, y: hwRow, w: lw / 2 - 4, h: CHIP_H, cls: 'box hw', term: 'memory', lines: [{ text: 'Memory' }] });

    // Xen's own parts, in the left region and over the columns that carry no passthrough.
    const ptCols = cols.map((c, i) => (c.kind === 'passthrough' ? i : -1)).filter((i) => i >= 0);
    const xenParts = [
      { id: 'xen-hypercall', text: 'Hypercalls', term: 'hypercall' },
      { id: 'xen-sched', text: 'Scheduler (credit2)', term: 'credit2' },
      { id: 'xen-grant', text: 'Grant tables', term: 'grant-table' },
      { id: 'xen-evtchn', text: 'Event channels', term: 'event-channel' },
      { id: 'xen-xsm', text: 'XSM / FLASK', term: 'xsm-flask' },
    ];
    const xenX1 = ptCols.length ? colX(ptCols[0]) - 8 : COLS.x1;
    const partW = (xenX1 - LEFT.x0 - 8 * (xenParts.length - 1)) / xenParts.length;
    xenParts.forEach((p, i) => add({ kind: 'box', id: p.id, x: LEFT.x0 + i * (partW + 8), y: xenRow, w: partW, h: CHIP_H, cls: 'box xen', term: p.term, lines: [{ text: fit(p.text, partW) }] }));
    if (ptCols.length) {
      const x = colX(ptCols[0]);
      add({ kind: 'box', id: 'xen-iommu', x, y: xenRow, w: colX(ptCols[ptCols.length - 1]) + chipW - x, h: CHIP_H, cls: 'box xen iommu', term: 'iommu', lines: [{ text: 'IOMMU (DMA remapping)' }] });
    }

    // ---- device columns: frontend in the guest, backend in dom0, and what serves it below
    const frontY = guestY + guestH - CHIP_H - 10;
    const diskCols = [], netCols = [];
    cols.forEach((c, i) => {
      const x = colX(i);
      const d = c.d || {};
      const range = d.range || null;
      if (c.kind === 'more') {
        add({ kind: 'box', id: `more-${i}`, x, y: frontY, w: chipW, h: CHIP_H, cls: 'box frontend more', term: 'split-driver-model', lines: [{ text: `+${c.count} more` }], data: { kind: 'more' } });
        return;
      }
      if (c.kind === 'disk') {
        const vdev = str(d.vdev) || '?';
        const backendDom = d.backend && d.backend.isDom0 === false ? str(d.backend.name) : '';
        const label = d.cdrom ? `CD-ROM ${vdev}` : `blkfront ${vdev}`;
        const rows = [['Device in the guest', vdev], ['Target in dom0', str(d.target) || '(empty drive)'], ['Format', str(d.format)], ['Access', d.access === 'ro' ? 'read-only' : 'read-write'], ['Served by', `${str(d.driver)} in ${backendDom || 'dom0'}`]];
        add({ kind: 'box', id: `front-disk-${i}`, x, y: frontY, w: chipW, h: CHIP_H, cls: 'box frontend', term: 'blkfront', lines: [{ text: fit(label, chipW) }], reveal: range, info: { title: `Disk ${vdev}`, rows }, data: { kind: 'frontend' } });
        const driverTerm = d.driver === 'tapdisk' ? 'blktap' : d.driver === 'qdisk' ? 'qdisk' : 'blkback';
        const backLabel = d.driver === 'qdisk' ? 'qdisk (QEMU)' : d.driver === 'tapdisk' ? 'tapdisk' : 'blkback';
        add({ kind: 'box', id: `back-disk-${i}`, x, y: row1, w: chipW, h: 34, cls: `box backend${backendDom ? ' driver-domain' : ''}`, term: backendDom ? 'driver-domain' : driverTerm,
          lines: [{ text: fit(backendDom ? `${backLabel} in ${backendDom}` : backLabel, chipW) }, { text: fit(str(d.target) || '(empty)', chipW), cls: 'small mono' }], reveal: range, info: { title: `Backend of ${vdev}`, rows }, data: { kind: 'backend' } });
        add({ kind: 'edge', id: `edge-disk-${i}`, cls: 'edge', points: [[cx(i), frontY + CHIP_H], [cx(i), row1]], title: `${label} ↔ ${backLabel}: requests travel over a shared ring (grant tables), signalled by event channels` });
        if (!backendDom) diskCols.push(i);
      } else if (c.kind === 'vif') {
        const idx = num(d.index, i);
        const backendDom = d.backend && d.backend.isDom0 === false ? str(d.backend.name) : '';
        const bridge = str(d.bridge) || 'xenbr0';
        const rows = [['MAC', str(d.mac) || 'random at each start'], ['Bridge', `${bridge}${d.bridgeIsDefault ? ' (default)' : ''}`], ...(d.ip ? [['IP', str(d.ip)]] : []), ...(d.model ? [['Emulated model', str(d.model)]] : []), ['Served by', `netback in ${backendDom || 'dom0'}${d.emulated ? ', plus an emulated card from QEMU' : ''}`]];
        add({ kind: 'box', id: `front-vif-${i}`, x, y: frontY, w: chipW, h: CHIP_H, cls: 'box frontend', term: 'netfront', lines: [{ text: fit(`netfront #${idx}`, chipW) }], reveal: range, info: { title: `Network card #${idx}`, rows }, data: { kind: 'frontend' } });
        add({ kind: 'box', id: `back-vif-${i}`, x, y: row1, w: chipW, h: 34, cls: `box backend${backendDom ? ' driver-domain' : ''}`, term: backendDom ? 'driver-domain' : 'netback',
          lines: [{ text: fit(backendDom ? `netback in ${backendDom}` : 'netback', chipW) }, { text: fit(str(d.vifname) || `vif<domid>.${idx}`, chipW), cls: 'small mono' }], reveal: range, info: { title: `Backend of network card #${idx}`, rows }, data: { kind: 'backend' } });
        add({ kind: 'box', id: `bridge-${i}`, x, y: row2, w: chipW, h: CHIP_H, cls: `box bridge${d.bridgeIsDefault ? ' default' : ''}`, term: 'bridge',
          lines: [{ text: fit(`bridge ${bridge}`, chipW), role: 'bridge-name' }], reveal: range, info: { title: `Bridge ${bridge}`, rows }, data: { kind: 'bridge', bridge } });
        add({ kind: 'edge', id: `edge-vif-${i}`, cls: 'edge', points: [[cx(i), frontY + CHIP_H], [cx(i), row1]], title: `netfront ↔ netback: packets travel over shared rings (grant tables), signalled by event channels` });
        add({ kind: 'edge', id: `edge-bridge-${i}`, cls: 'edge', points: [[cx(i), row1 + 34], [cx(i), row2]], title: `The backend interface joins bridge ${bridge}` });
        if (!backendDom) netCols.push(i);
      } else if (c.kind === 'other') {
        const o = OTHER[d.kind] || { front: str(d.kind), back: 'backend', term: 'split-driver-model' };
        const label = d.kind === 'channel' || d.kind === 'p9' ? `${o.front} ${str(d.label)}` : o.front;
        const rows = [['Device', label], ['Served by', `${o.back} in ${d.backend && d.backend.isDom0 === false ? str(d.backend.name) : 'dom0'}`]];
        add({ kind: 'box', id: `front-other-${i}`, x, y: frontY, w: chipW, h: CHIP_H, cls: 'box frontend', term: o.term, lines: [{ text: fit(label, chipW) }], reveal: range, info: { title: label, rows }, data: { kind: 'frontend' } });
        add({ kind: 'box', id: `back-other-${i}`, x, y: row1, w: chipW, h: 34, cls: 'box backend', term: o.term, lines: [{ text: fit(o.back, chipW) }, { text: '', cls: 'small' }], reveal: range, info: { title: o.back, rows }, data: { kind: 'backend' } });
        add({ kind: 'edge', id: `edge-other-${i}`, cls: 'edge', points: [[cx(i), frontY + CHIP_H], [cx(i), row1]], title: `${label} ↔ ${o.back}` });
      } else if (c.kind === 'passthrough') {
        const kindLabel = PT_LABEL[d.kind] || str(d.kind);
        const id = str(d.id);
        const rows = [['Kind', kindLabel], ['Host device', id], ['Path', 'straight to the hardware: Xen maps it into the guest, the IOMMU confines its DMA']];
        add({ kind: 'box', id: `front-pt-${i}`, x, y: frontY, w: chipW, h: CHIP_H, cls: 'box frontend passthrough', term: 'pci-passthrough', lines: [{ text: fit(`${kindLabel} ${id}`, chipW) }], reveal: range, info: { title: `${kindLabel} ${id}`, rows }, data: { kind: 'passthrough' } });
        add({ kind: 'box', id: `hw-pt-${i}`, x, y: hwRow, w: chipW, h: CHIP_H, cls: 'box hw passthrough', term: d.kind === 'pci' ? 'pci-passthrough' : 'iommu', lines: [{ text: fit(`${kindLabel} ${id}`, chipW), cls: 'mono' }], reveal: range, info: { title: `Host ${kindLabel} ${id}`, rows }, data: { kind: 'hw-passthrough' } });
        add({ kind: 'edge', id: `edge-pt-${i}`, cls: 'edge passthrough', points: [[cx(i), frontY + CHIP_H], [cx(i), hwRow]], title: `${kindLabel} ${id} is passed through: the guest drives the real device, no backend in dom0` });
      }
    });

    // dom0's drivers over the columns served in dom0, and the hardware they drive: storage under
    // the disks, network cards under the vifs, both kept clear of the passthrough columns.
    const served = diskCols.concat(netCols).sort((a, b) => a - b);
    const R0 = COLS.x0;
    const R1 = ptCols.length ? colX(ptCols[0]) - 8 : COLS.x1;
    add({ kind: 'box', id: 'drivers', x: R0, y: row3, w: R1 - R0, h: CHIP_H, cls: 'box service', term: 'drivers', lines: [{ text: fit('Linux device drivers (disks, network cards)', R1 - R0) }] });
    for (const i of served) {
      const from = cols[i].kind === 'vif' ? row2 + CHIP_H : row1 + 34;
      add({ kind: 'edge', id: `edge-drv-${i}`, cls: 'edge', points: [[cx(i), from], [cx(i), row3]], title: 'The backend hands the I/O to dom0\'s own drivers' });
    }
    const center = (list, dflt) => (list.length ? (colX(list[0]) + colX(list[list.length - 1]) + chipW) / 2 : dflt);
    const spanW = (list) => (list.length ? colX(list[list.length - 1]) + chipW - colX(list[0]) : 0);
    const avail = R1 - R0;
    let sW = Math.max(120, spanW(diskCols)), nW = Math.max(120, spanW(netCols));
    let sX, nX;
    if (sW + nW + 8 > avail) {
      sW = nW = (avail - 8) / 2;
      sX = R0; nX = R0 + sW + 8;
    } else {
      sX = Math.max(R0, Math.min(center(diskCols, R0 + avail * 0.25) - sW / 2, R1 - sW - nW - 8));
      nX = Math.min(R1 - nW, Math.max(center(netCols, R0 + avail * 0.75) - nW / 2, sX + sW + 8));
    }
    const within = (x, lo, hi) => Math.min(Math.max(x, lo + 8), hi - 8);
    add({ kind: 'box', id: 'hw-storage', x: sX, y: hwRow, w: sW, h: CHIP_H, cls: 'box hw', term: 'storage', lines: [{ text: fit('Storage', sW) }] });
    add({ kind: 'box', id: 'hw-nic', x: nX, y: hwRow, w: nW, h: CHIP_H, cls: 'box hw', term: 'nics', lines: [{ text: fit('Network cards', nW) }] });
    if (diskCols.length) { const x = within(center(diskCols, 0), sX, sX + sW); add({ kind: 'edge', id: 'edge-hw-storage', cls: 'edge hwlink', points: [[x, row3 + CHIP_H], [x, hwRow]], title: 'Dom0 drives the disks directly' }); }
    if (netCols.length) { const x = within(center(netCols, 0), nX, nX + nW); add({ kind: 'edge', id: 'edge-hw-nic', cls: 'edge hwlink', points: [[x, row3 + CHIP_H], [x, hwRow]], title: 'Dom0 drives the network cards directly' }); }
    if (dm && m && m.type === 'hvm') {
      const y = guestY + guestH - 14;
      add({ kind: 'edge', id: 'edge-qemu', cls: 'edge emulated', points: [[LEFT.x1, row3 + CHIP_H / 2], [LEFT.x1 + 16, row3 + CHIP_H / 2], [LEFT.x1 + 16, y], [gx, y]], title: 'QEMU emulates the PC hardware an HVM guest sees (firmware, disks, network card, VGA)' });
    }
    if (m && m.fileKind !== 'xl.conf') {
      const y = guestY + guestH - 30;
      add({ kind: 'edge', id: 'edge-toolstack', cls: 'edge control', points: [[LEFT.x1, row1 + 17], [LEFT.x1 + 8, row1 + 17], [LEFT.x1 + 8, y], [gx, y]], title: 'xl reads this file and builds the guest through libxl' });
    }
    void opts;

    const height = y3 + hwH + PAD;
    // Draw order: bands, edges, boxes (edges pass behind the boxes they join).
    const order = { band: 0, edge: 1, box: 2 };
    items.sort((a, b) => order[a.kind] - order[b.kind]);
    return { width: W, height, items };
  }

  /** How the projects relate: the hypervisor at the core, toolstacks, the umbrella, distributions. */
  function ecosystemScene() {
    const items = [];
    const box = (id, x, y, w, h, term, lines, cls) => items.push({ kind: 'box', id, x, y, w, h, term, lines, cls: `box ${cls || 'eco'}` });
    const edge = (id, points, title, label, cls) => items.push({ kind: 'edge', id, points, title, label, cls: `edge ${cls || ''}`.trim() });
    items.push({ kind: 'band', id: 'eco-umbrella', x: 216, y: 40, w: 568, h: 420, cls: 'band band-umbrella', label: 'Xen Project: the open-source umbrella', term: 'xen-project' });
    box('eco-lf', 600, 48, 176, 26, 'linux-foundation', [{ text: 'hosted by the Linux Foundation', cls: 'small' }], 'eco org');
    box('eco-xen', 410, 190, 180, 70, 'xen', [{ text: 'Xen hypervisor', cls: 'title' }, { text: 'the core: runs on the hardware', cls: 'small' }], 'eco core');
    box('eco-xl', 236, 150, 150, 46, 'xl', [{ text: 'xl' }, { text: 'command-line toolstack', cls: 'small' }], 'eco toolstack');
    box('eco-libxl', 236, 210, 150, 46, 'libxl', [{ text: 'libxl' }, { text: 'library under xl, libvirt', cls: 'small' }], 'eco toolstack');
    box('eco-xapi', 614, 150, 150, 46, 'xapi', [{ text: 'XAPI toolstack' }, { text: 'pools, storage, API', cls: 'small' }], 'eco toolstack');
    box('eco-xe', 614, 210, 150, 46, 'xe', [{ text: 'xe' }, { text: 'XAPI\'s command line', cls: 'small' }], 'eco toolstack');
    box('eco-xenstore', 410, 290, 180, 30, 'xenstore', [{ text: 'xenstore, grant tables, PV drivers' }], 'eco');
    box('eco-minios', 236, 380, 104, 40, 'mini-os', [{ text: 'Mini-OS' }], 'eco sub');
    box('eco-mirage', 350, 380, 104, 40, 'mirageos', [{ text: 'MirageOS' }], 'eco sub');
    box('eco-unikraft', 464, 380, 104, 40, 'unikraft', [{ text: 'Unikraft' }], 'eco sub');
    box('eco-winpv', 578, 380, 186, 40, 'windows-pv-drivers', [{ text: 'Windows PV drivers' }], 'eco sub');
    edge('eco-e-xl', [[386, 173], [410, 205]], 'xl drives the hypervisor through libxl');
    edge('eco-e-libxl', [[386, 233], [410, 240]], 'libxl issues the hypercalls that build and control domains');
    edge('eco-e-xapi', [[614, 173], [590, 205]], 'XAPI drives the hypervisor (through xenopsd and libxenctrl)');
    edge('eco-e-xe', [[689, 210], [689, 196]], 'xe talks to XAPI');
    // Distributions and tools outside the umbrella.
    box('eco-xencenter', 824, 40, 160, 40, 'xencenter', [{ text: 'XenCenter' }, { text: 'Windows management GUI', cls: 'small' }], 'eco tool');
    box('eco-xenserver', 824, 110, 160, 54, 'xenserver', [{ text: 'XenServer', cls: 'title' }, { text: 'once Citrix Hypervisor', cls: 'small' }], 'eco product');
    box('eco-citrix', 824, 172, 160, 26, 'cloud-software-group', [{ text: 'Cloud Software Group', cls: 'small' }], 'eco org');
    box('eco-xcpng', 824, 230, 160, 54, 'xcp-ng', [{ text: 'XCP-ng', cls: 'title' }, { text: 'community XenServer fork', cls: 'small' }], 'eco product');
    box('eco-vates', 824, 292, 160, 26, 'vates', [{ text: 'Vates', cls: 'small' }], 'eco org');
    box('eco-xo', 824, 350, 160, 40, 'xen-orchestra', [{ text: 'Xen Orchestra' }, { text: 'web management', cls: 'small' }], 'eco tool');
    box('eco-xcp', 824, 420, 160, 40, 'xcp', [{ text: 'XCP (historical)' }, { text: 'Xen Cloud Platform', cls: 'small' }], 'eco product old');
    edge('eco-e-xs', [[824, 137], [764, 165]], 'XenServer is built on Xen and XAPI');
    edge('eco-e-xcpng', [[824, 257], [764, 190]], 'XCP-ng is built on Xen and XAPI');
    edge('eco-e-xc', [[904, 80], [904, 110]], 'XenCenter manages XenServer (and XCP-ng) pools', 'manages', 'manage');
    edge('eco-e-xo', [[904, 350], [904, 284]], 'Xen Orchestra manages XCP-ng (and XenServer) pools', 'manages', 'manage');
    // Systems built on xl/libxl, left.
    box('eco-libvirt', 16, 150, 176, 46, 'libvirt', [{ text: 'libvirt' }, { text: 'virsh, virt-manager via libxl', cls: 'small' }], 'eco product');
    box('eco-qubes', 16, 230, 176, 46, 'qubes-os', [{ text: 'Qubes OS' }, { text: 'security by isolation', cls: 'small' }], 'eco product');
    box('eco-openxt', 16, 310, 176, 46, 'openxt', [{ text: 'OpenXT' }, { text: 'client virtualization', cls: 'small' }], 'eco product');
    edge('eco-e-libvirt', [[192, 173], [236, 228]], 'libvirt uses libxl to manage Xen domains');
    edge('eco-e-qubes', [[192, 253], [236, 240]], 'Qubes OS runs on Xen, managing domains through libvirt and libxl');
    edge('eco-e-openxt', [[192, 333], [236, 250]], 'OpenXT is built on Xen with the xl/libxl tools');
    items.push({ kind: 'note', id: 'eco-note', x: 16, y: 488, lines: ['Inside the umbrella: Xen Project software. Right: distributions built on Xen and the XAPI toolstack, and the tools that manage them.', 'Left: systems built on xl / libxl. Hover or focus a box for its definition.'] });
    const order = { band: 0, edge: 1, box: 2, note: 3 };
    items.sort((a, b) => order[a.kind] - order[b.kind]);
    return { width: W, height: 530, items };
  }

  /**
   * The ecosystem as nested circles, as articles about Xen draw it: the hypervisor at the centre,
   * then the toolstacks, then the Xen Project umbrella, then the products and distributions built
   * around them. Sized for a 480 px panel: 480 units wide, drawn at its own size (no scaling down).
   * Each ring is a band between two radii; its items sit inside their band.
   */
  const CIRCLES = { width: 480, cx: 240, cy: 262, radii: [40, 96, 166, 236] };
  const CIRCLE_CHAR_W = 6.2; // average width of an 11px UI font character
  function concentricScene() {
    const { cx, cy, radii } = CIRCLES;
    const items = [];
    const rings = [
      { id: 'ring-products', term: 'products', label: 'Products and distributions', cls: 'ring-products' },
      { id: 'ring-umbrella', term: 'xen-project', label: 'Xen Project · Linux Foundation', cls: 'ring-umbrella' },
      { id: 'ring-toolstacks', term: 'toolstack', label: 'Toolstacks', cls: 'ring-toolstacks' },
    ];
    // Outer rings first, so that each inner circle is painted (and hovered) above the ring around it.
    rings.forEach((r, i) => {
      const outer = radii[3 - i], inner = radii[2 - i];
      items.push({ kind: 'ring', id: r.id, cx, cy, r: outer, inner, term: r.term, cls: `ring ${r.cls}`, label: r.label, labelY: cy - (outer + inner) / 2 + 4 });
    });
    items.push({ kind: 'ring', id: 'ring-core', cx, cy, r: radii[0], inner: 0, term: 'xen', cls: 'ring ring-core', label: 'Xen', sublabel: 'hypervisor', labelY: cy + 2 });
    /** An item in ring `band` (1: toolstacks, 2: umbrella, 3: products) at `deg` degrees clockwise from the top. */
    const place = (id, band, deg, term, lines) => {
      const r = (radii[band - 1] + radii[band]) / 2;
      const w = Math.round(Math.max(...lines.map((l) => l.length)) * CIRCLE_CHAR_W + 16);
      const h = lines.length > 1 ? 34 : 22;
      const a = (deg * Math.PI) / 180;
      const x = cx + r * Math.sin(a) - w / 2, y = cy - r * Math.cos(a) - h / 2;
      items.push({ kind: 'box', id, x, y, w, h, term, band, lines: lines.map((text) => ({ text })), cls: `box circle-item band-${band}` });
    };
    place('c-xl', 1, -90, 'xl', ['xl', 'libxl']);
    place('c-xapi', 1, 90, 'xapi', ['XAPI']);
    place('c-minios', 2, -110, 'mini-os', ['Mini-OS']);
    place('c-mirage', 2, 115, 'mirageos', ['MirageOS']);
    place('c-winpv', 2, 180, 'windows-pv-drivers', ['Windows PV drivers']);
    place('c-xcpng', 3, -40, 'xcp-ng', ['XCP-ng']);
    place('c-xenserver', 3, 40, 'xenserver', ['XenServer']);
    place('c-qubes', 3, 90, 'qubes-os', ['Qubes OS']);
    place('c-xo', 3, 150, 'xen-orchestra', ['Xen', 'Orchestra']);
    place('c-distros', 3, 180, 'distributions', ['Distributions']);
    place('c-xencenter', 3, -150, 'xencenter', ['XenCenter']);
    place('c-libvirt', 3, -120, 'libvirt', ['libvirt']);
    place('c-openxt', 3, -90, 'openxt', ['OpenXT']);
    const bottom = cy + radii[3];
    items.push({ kind: 'note', id: 'c-note', x: 8, y: bottom + 20, lines: ['Each ring is built on the ones inside it. Hover, focus', 'or click a ring or a name for its definition.'] });
    return { width: CIRCLES.width, height: bottom + 48, items };
  }

  /**
   * The whole host: every guest of the folder (from the server's index of its configs), the
   * bridges their network cards join and the domains that serve their disks, with an edge for
   * each use, so that what guests share shows at a glance.
   */
  function hostScene(host) {
    const items = [];
    const guests = arr(host && host.guests);
    const PER_ROW = 6, GW = 150, GH = 46, GX0 = 24, GSTEP = 160;
    const shown = guests.slice(0, PER_ROW * 4);
    const rows = Math.max(1, Math.ceil(shown.length / PER_ROW));
    const guestTop = 40;
    const guestsH = rows * (GH + 14) + 20;
    items.push({ kind: 'band', id: 'host-guests', x: 12, y: guestTop - 24, w: W - 24, h: guestsH + 24, cls: 'band band-guest', label: `Guests: ${guests.length} config${guests.length === 1 ? '' : 's'} in this folder`, term: 'domu' });
    const at = new Map();
    shown.forEach((g, i) => {
      const x = GX0 + (i % PER_ROW) * GSTEP, y = guestTop + Math.floor(i / PER_ROW) * (GH + 14);
      const findings = num(g.findings, 0);
      const facts = [str(g.type).toUpperCase(), `${num(g.vcpus, 1)} vCPU`, `${num(g.memory, 0)} MiB`].join(' · ');
      const rowsInfo = [['Config', str(g.file)], ['Type', str(g.type).toUpperCase()], ['vCPUs', String(num(g.vcpus, 1))], ['Memory', `${num(g.memory, 0)} MiB`],
        ['Bridges', arr(g.bridges).map(str).join(', ') || 'none'], ['Disks served by', arr(g.backends).map(str).join(', ') || 'no disk'],
        ['Conflicts with other configs', findings ? String(findings) : 'none']];
      items.push({ kind: 'box', id: `host-guest-${i}`, x, y, w: GW, h: GH, cls: `box guest${findings ? ' conflict' : ''}`, term: 'domu',
        lines: [{ text: truncate(str(g.name) || str(g.file), 17), cls: 'title', role: 'host-guest-name' }, { text: truncate(facts, 26), cls: 'small' }],
        info: { title: str(g.name) || str(g.file), rows: rowsInfo }, data: { kind: 'host-guest' } });
      at.set(g, { cx: x + GW / 2, y: y + GH });
    });
    if (guests.length > shown.length) items.push({ kind: 'note', id: 'host-more', x: GX0, y: guestTop + guestsH - 6, lines: [`+${guests.length - shown.length} more guests, not drawn`] });
    // The host's side: bridges, and the domains that serve disks.
    const sideTop = guestTop + guestsH + 40;
    const bridges = [...new Set(shown.flatMap((g) => arr(g.bridges).map(str)))].slice(0, 6);
    const backends = [...new Set(['Domain-0', ...shown.flatMap((g) => arr(g.backends).map(str))])].slice(0, 4);
    items.push({ kind: 'band', id: 'host-dom0', x: 12, y: sideTop - 24, w: W - 24, h: 100, cls: 'band band-dom0', label: 'dom0 and driver domains: the bridges and the disk backends the guests use', term: 'dom0' });
    const side = new Map();
    bridges.forEach((b, i) => {
      const x = GX0 + i * 105, y = sideTop + 10;
      const users = shown.filter((g) => arr(g.bridges).map(str).includes(b)).length;
      items.push({ kind: 'box', id: `host-bridge-${i}`, x, y, w: 95, h: 40, cls: 'box service bridge', term: 'bridge', lines: [{ text: truncate(b, 14) }, { text: `${users} guest${users === 1 ? '' : 's'}`, cls: 'small' }],
        info: { title: `Bridge ${b}`, rows: [['Guests on it', String(users)]] }, data: { kind: 'host-bridge' } });
      side.set(`b:${b}`, { cx: x + 47, y });
    });
    backends.forEach((d, i) => {
      const x = W - 24 - (backends.length - i) * 150, y = sideTop + 10;
      const users = shown.filter((g) => arr(g.backends).map(str).includes(d)).length;
      items.push({ kind: 'box', id: `host-backend-${i}`, x, y, w: 140, h: 40, cls: 'box service backend', term: d === 'Domain-0' ? 'dom0' : 'driver-domain',
        lines: [{ text: truncate(d, 20) }, { text: `disks of ${users} guest${users === 1 ? '' : 's'}`, cls: 'small' }], info: { title: d, rows: [['Serves the disks of', `${users} guest(s)`]] }, data: { kind: 'host-backend' } });
      side.set(`d:${d}`, { cx: x + 70, y });
    });
    let e = 0;
    for (const g of shown) {
      const from = at.get(g);
      for (const b of arr(g.bridges).map(str)) { const to = side.get(`b:${b}`); if (to) items.push({ kind: 'edge', id: `host-e-${e++}`, cls: 'edge net', points: [[from.cx, from.y], [to.cx, to.y]], title: `${str(g.name)} joins ${b}` }); }
      for (const d of arr(g.backends).map(str)) { const to = side.get(`d:${d}`); if (to) items.push({ kind: 'edge', id: `host-e-${e++}`, cls: 'edge disk', points: [[from.cx, from.y], [to.cx, to.y]], title: `${str(g.name)}'s disks are served by ${d}` }); }
    }
    items.push({ kind: 'note', id: 'host-note', x: 16, y: sideTop + 104, lines: [guests.length ? 'Each guest is one config of the folder; red ones share something with another (see Problems). Hover or focus a box for details.' : 'No guest configs found in this folder yet.'] });
    const order = { band: 0, edge: 1, box: 2, note: 3 };
    items.sort((a, b) => order[a.kind] - order[b.kind]);
    return { width: W, height: sideTop + 130, items };
  }

  return { stackScene, ecosystemScene, concentricScene, hostScene, CIRCLES, truncate, LOCAL_TERMS, MAX_COLUMNS };
});
