// The layer diagram's page script. It draws the scenes of diagram-layout.js as SVG and shows
// glossary definitions on hover, focus and click. Data arrives by postMessage only, and every
// string is put in the page as text (textContent / createTextNode), never as markup.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const Layout = window.XenDiagramLayout;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** How a glossary relation reads (as RELATION_LABELS in server/src/service/features/terms.ts). */
  const RELATION_LABELS = {
    'kind-of': 'a kind of', 'part-of': 'part of', 'runs-in': 'runs in', 'runs-on': 'runs on', 'built-on': 'built on',
    uses: 'uses', 'managed-by': 'managed by', 'owned-by': 'owned by', 'replaced-by': 'replaced by', replaces: 'replaces',
    'renamed-to': 'renamed', 'renamed-from': 'formerly', 'forked-from': 'forked from', 'alternative-to': 'an alternative to',
    'contrast-with': 'compare with',
    hosts: 'hosts', develops: 'develops', 'co-owns': 'co-owns',
  };
  /** The views, in tab order. */
  const VIEWS = ['stack', 'ecosystem', 'circles', 'host'];
  const saved = vscode.getState() || {};
  const state = {
    view: VIEWS.includes(saved.view) ? saved.view : 'stack',
    glossary: new Map(),
    model: null,
    file: null,
    error: null,
    received: false,
    pinned: null,
    cspViolations: 0,
    alerts: 0,
  };

  // Evidence for the tests that nothing from a config ran as script: a blocked inline handler
  // shows up as a CSP violation, and an alert() call would be counted here.
  document.addEventListener('securitypolicyviolation', () => { state.cspViolations++; });
  window.alert = function () { state.alerts++; };

  const canvas = document.getElementById('canvas');
  const info = document.getElementById('info');
  const status = document.getElementById('status');
  const tabs = { stack: document.getElementById('tab-stack'), ecosystem: document.getElementById('tab-ecosystem'), circles: document.getElementById('tab-circles'), host: document.getElementById('tab-host') };

  // ------------------------------------------------------------------ small DOM helpers (text only)
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  /** Glossary text has **bold**, *italic* and `code`: rendered as elements holding text. */
  function inlineMarkdown(parent, text) {
    const parts = String(text).split(/(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/);
    for (const p of parts) {
      if (!p) continue;
      if (p.startsWith('**') && p.endsWith('**') && p.length > 4) parent.appendChild(el('strong', {}, p.slice(2, -2)));
      else if (p.startsWith('`') && p.endsWith('`') && p.length > 2) parent.appendChild(el('code', {}, p.slice(1, -1)));
      else if (p.startsWith('*') && p.endsWith('*') && p.length > 2) parent.appendChild(el('em', {}, p.slice(1, -1)));
      else parent.appendChild(document.createTextNode(p));
    }
  }

  function termOf(id) {
    if (!id) return undefined;
    const g = state.glossary.get(id);
    if (g) return g;
    const local = Layout.LOCAL_TERMS[id];
    return local ? { id, term: local.term, short: local.short, full: local.full, local: true, related: [] } : undefined;
  }

  // ------------------------------------------------------------------ definition panel
  let shown;
  /**
   * Fills the definition panel. Not rebuilt when it already shows `item`: a click on one of its
   * buttons moves the focus off the box first, and a rebuild would swallow the click.
   */
  function showInfo(item, force) {
    if (!force && item === shown) return;
    shown = item;
    info.replaceChildren();
    if (!item) {
      info.appendChild(el('p', { class: 'hint' }, 'Hover over, focus or click a box to read what it is. Click a device to pin it; Escape unpins.'));
      return;
    }
    const t = termOf(item.term);
    const i = item.info;
    if (i) {
      info.appendChild(el('h2', {}, i.title));
      const dl = el('dl');
      for (const [k, v] of i.rows || []) { dl.appendChild(el('dt', {}, k)); dl.appendChild(el('dd', {}, v)); }
      info.appendChild(dl);
    }
    if (t) {
      info.appendChild(el(i ? 'h3' : 'h2', {}, t.term));
      if (t.category) info.appendChild(el('p', { class: 'meta' }, `${t.category.replace(/-/g, ' ')} · layer: ${String(t.layer).replace(/-/g, ' ')}`));
      // How it relates to its neighbours ("part of XAPI", "formerly Citrix Hypervisor (since 2023)").
      const relations = (Array.isArray(t.relations) ? t.relations : []).map((r) => {
        const other = r && state.glossary.get(r.term);
        if (!other || !RELATION_LABELS[r.kind]) return null;
        const since = typeof r.since === 'string' ? (/^\d{4}$/.test(r.since) ? ` (since ${r.since})` : ` (Xen ${r.since})`) : '';
        return `${RELATION_LABELS[r.kind]} ${other.term}${since}`;
      }).filter(Boolean);
      if (relations.length) info.appendChild(el('p', { class: 'relations' }, `${t.term}: ${relations.join(' · ')}`));
      const full = el('p');
      inlineMarkdown(full, t.full || t.short);
      info.appendChild(full);
      const related = (t.related || []).map((id) => state.glossary.get(id)).filter(Boolean);
      if (related.length) {
        const p = el('p', { class: 'related' });
        p.appendChild(el('span', { class: 'meta' }, 'Related: '));
        for (const r of related) {
          const b = el('button', { type: 'button', class: 'link' }, r.term);
          b.addEventListener('click', () => { state.pinned = { term: r.id }; showInfo(state.pinned); });
          p.appendChild(b);
        }
        info.appendChild(p);
      }
    }
    const actions = el('p', { class: 'actions' });
    if (t && !t.local) {
      const open = el('button', { type: 'button' }, 'Open in glossary');
      open.addEventListener('click', () => vscode.postMessage({ type: 'openTerm', id: t.id }));
      actions.appendChild(open);
      if (t.link) {
        const more = el('button', { type: 'button' }, 'Read more online');
        more.addEventListener('click', () => vscode.postMessage({ type: 'openLink', url: t.link }));
        actions.appendChild(more);
      }
    }
    if (item.reveal) {
      const show = el('button', { type: 'button' }, 'Show in the config');
      show.addEventListener('click', () => vscode.postMessage({ type: 'reveal', range: item.reveal }));
      actions.appendChild(show);
    }
    if (actions.childNodes.length) info.appendChild(actions);
  }

  // ------------------------------------------------------------------ SVG drawing
  function boxLabel(item) {
    if (item.fullLabel) return item.fullLabel;
    const t = termOf(item.term);
    const text = (item.lines || []).map((l) => l.text).filter(Boolean).join(', ') || item.label || '';
    return t ? `${text}. ${t.short}` : text;
  }

  function interactive(g, item) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', boxLabel(item));
    const title = svg('title', {}, boxLabel(item));
    g.appendChild(title);
    const preview = () => showInfo(item);
    const restore = () => showInfo(state.pinned);
    const pin = () => { state.pinned = item; showInfo(item); markPinned(g); };
    g.addEventListener('mouseenter', preview);
    g.addEventListener('focus', preview);
    g.addEventListener('mouseleave', restore);
    g.addEventListener('blur', restore);
    g.addEventListener('click', pin);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pin(); }
      else if (e.key === 'Escape') { state.pinned = null; markPinned(null); showInfo(item); }
    });
  }

  function markPinned(g) {
    for (const p of canvas.querySelectorAll('.pinned')) p.classList.remove('pinned');
    if (g) g.classList.add('pinned');
  }

  function drawBand(root, item) {
    const g = svg('g', { class: item.cls, 'data-id': item.id });
    g.appendChild(svg('rect', { x: item.x, y: item.y, width: item.w, height: item.h, rx: 8, class: 'band-bg' }));
    g.appendChild(svg('text', { x: item.x + 10, y: item.y + 17, class: 'band-label' }, item.label));
    interactive(g, item);
    root.appendChild(g);
  }

  function drawBox(root, item) {
    const g = svg('g', { class: item.cls, 'data-id': item.id });
    if (item.data) for (const [k, v] of Object.entries(item.data)) g.setAttribute(`data-${k}`, String(v));
    const round = item.cls.includes('circle-item') ? item.h / 2 : 5;
    g.appendChild(svg('rect', { x: item.x, y: item.y, width: item.w, height: item.h, rx: round, class: 'box-bg' }));
    const lines = (item.lines || []).filter((l) => l.text !== '');
    const lh = (l) => (l.cls && l.cls.includes('title') ? 18 : l.cls && l.cls.includes('small') ? 14 : 15);
    const total = lines.reduce((a, l) => a + lh(l), 0);
    const guest = item.cls.includes('guest');
    // The guest box holds its devices in its lower part: its text goes at the top.
    let y = guest ? item.y + 6 : item.y + (item.h - total) / 2;
    const centered = !guest;
    for (const l of lines) {
      y += lh(l);
      const t = svg('text', {
        x: centered ? item.x + item.w / 2 : item.x + 12, y: y - 4,
        class: `label ${l.cls || ''}`.trim(), 'text-anchor': centered ? 'middle' : 'start',
      }, l.text);
      if (l.role) t.setAttribute('data-role', l.role);
      g.appendChild(t);
    }
    interactive(g, item);
    root.appendChild(g);
  }

  function drawEdge(root, item) {
    const g = svg('g', { class: item.cls, 'data-id': item.id });
    const d = item.points.map((p, i) => `${i ? 'L' : 'M'}${p[0].toFixed(1)} ${p[1].toFixed(1)}`).join(' ');
    g.appendChild(svg('path', { d, class: 'edge-line' }));
    if (item.title) g.appendChild(svg('title', {}, item.title));
    if (item.label) {
      const [a, b] = [item.points[0], item.points[item.points.length - 1]];
      g.appendChild(svg('text', { x: (a[0] + b[0]) / 2 + 4, y: (a[1] + b[1]) / 2 - 4, class: 'edge-label' }, item.label));
    }
    root.appendChild(g);
  }

  /** A ring of the concentric view: the band between `inner` and `r`, its label at the top of the band. */
  function drawRing(root, item) {
    const g = svg('g', { class: item.cls, 'data-id': item.id });
    g.appendChild(svg('circle', { cx: item.cx, cy: item.cy, r: item.r, class: 'ring-bg' }));
    g.appendChild(svg('text', { x: item.cx, y: item.labelY, class: 'ring-label', 'text-anchor': 'middle' }, item.label));
    if (item.sublabel) g.appendChild(svg('text', { x: item.cx, y: item.labelY + 15, class: 'ring-sublabel', 'text-anchor': 'middle' }, item.sublabel));
    interactive(g, item);
    root.appendChild(g);
  }

  function drawNote(root, item) {
    const t = svg('text', { x: item.x, y: item.y, class: 'note' });
    (item.lines || []).forEach((line, i) => t.appendChild(svg('tspan', { x: item.x, dy: i ? 16 : 0 }, line)));
    root.appendChild(t);
  }

  function render() {
    const scene = state.view === 'ecosystem' ? Layout.ecosystemScene() : state.view === 'circles' ? Layout.concentricScene()
      : state.view === 'host' ? Layout.hostScene(state.host) : Layout.stackScene(state.model);
    const labels = {
      stack: 'The Xen stack, with the guest of the open config',
      ecosystem: 'How the Xen projects and products relate',
      circles: 'The Xen ecosystem as nested circles: the hypervisor, the toolstacks, the Xen Project, and the products around them',
      host: 'Every guest of the folder, with the bridges and disk backends they share',
    };
    const root = svg('svg', {
      xmlns: SVG_NS, viewBox: `0 0 ${scene.width} ${scene.height}`, width: scene.width, height: scene.height,
      role: 'group', 'aria-label': labels[state.view],
      class: `diagram view-${state.view}`,
    });
    for (const item of scene.items) {
      if (item.kind === 'ring') drawRing(root, item);
      else if (item.kind === 'band') drawBand(root, item);
      else if (item.kind === 'edge') drawEdge(root, item);
      else if (item.kind === 'box') drawBox(root, item);
      else if (item.kind === 'note') drawNote(root, item);
    }
    canvas.replaceChildren(root);
    canvas.setAttribute('aria-labelledby', `tab-${state.view}`);
    if (state.pinned && state.pinned.id) {
      const again = scene.items.find((i) => i.id === state.pinned.id);
      state.pinned = again || null;
    }
    showInfo(state.pinned, true);
    renderStatus();
    report();
  }

  function renderStatus() {
    status.className = '';
    const m = state.model;
    let text;
    if (state.view === 'ecosystem') text = 'The projects and products around Xen.';
    else if (state.view === 'circles') text = 'Rings around the hypervisor.';
    else if (state.view === 'host') text = state.host ? `${state.host.guests.length} guest config(s) in this folder.` : 'Reading the folder\u2019s configs\u2026';
    else if (state.error) { text = `Could not read the guest: ${state.error}`; status.className = 'error'; }
    else if (!state.received) text = 'Waiting for the language server…';
    else if (!state.file) text = 'No xl config open: open one (or click into its editor) to draw its guest.';
    else if (!m) text = `${state.file}: not an xl config the server can read.`;
    else {
      const p = m.problems || {};
      if (p.errors || p.rejected) {
        status.className = 'error';
        text = `${state.file}: ${p.errors} error${p.errors === 1 ? '' : 's'}${p.rejected ? ', xl would refuse this file' : ''}. Drawn from what could be read.` +
          (p.first ? ` First, line ${p.first.line + 1}: ${p.first.message}` : '');
      } else if (p.warnings) {
        status.className = 'warning';
        text = `${state.file}: ${p.warnings} warning${p.warnings === 1 ? '' : 's'}, no errors.`;
      } else text = `${state.file}: no problems found.`;
    }
    status.textContent = text;
  }

  function report() {
    const nameEl = canvas.querySelector('[data-role="guest-name"]');
    vscode.postMessage({
      type: 'rendered',
      report: {
        view: state.view,
        file: state.file,
        guestName: state.view === 'stack' && nameEl ? nameEl.textContent : null,
        status: status.textContent,
        statusClass: status.className,
        focusable: canvas.querySelectorAll('[tabindex="0"]').length,
        edges: canvas.querySelectorAll('g.edge').length,
        rings: canvas.querySelectorAll('g.ring').length,
        frontends: canvas.querySelectorAll('[data-kind="frontend"]').length,
        backends: canvas.querySelectorAll('[data-kind="backend"]').length,
        passthrough: canvas.querySelectorAll('[data-kind="hw-passthrough"]').length,
        bridges: Array.from(canvas.querySelectorAll('[data-kind="bridge"]')).map((b) => b.getAttribute('data-bridge')),
        imgElements: document.querySelectorAll('img').length,
        foreignElements: document.querySelectorAll('foreignObject, iframe, object, embed').length,
        // Every script element of the page: the extension's two files, and what VS Code's webview host adds.
        scripts: Array.from(document.scripts).map((sc) => (sc.src ? sc.src.split('?')[0].split('/').pop() : `inline: ${sc.textContent.slice(0, 200)}`)),
        cspViolations: state.cspViolations,
        // The policy the page runs under (its own meta element), for the e2e check that it is strict.
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
        alerts: state.alerts,
        glossaryTerms: state.glossary.size,
      },
    });
  }

  // ------------------------------------------------------------------ export
  const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style'];
  function exportSvg() {
    const live = canvas.querySelector('svg');
    if (!live) return;
    const copy = live.cloneNode(true);
    // Resolve the theme's CSS variables into attributes so the file looks the same anywhere.
    const a = [live, ...live.querySelectorAll('*')];
    const b = [copy, ...copy.querySelectorAll('*')];
    a.forEach((src, i) => {
      const cs = getComputedStyle(src);
      for (const p of STYLE_PROPS) {
        const v = cs.getPropertyValue(p);
        if (v) b[i].setAttribute(p, v);
      }
      b[i].removeAttribute('tabindex');
      b[i].removeAttribute('class');
    });
    const bg = svg('rect', { x: 0, y: 0, width: '100%', height: '100%', fill: getComputedStyle(document.body).backgroundColor || '#ffffff' });
    copy.insertBefore(bg, copy.firstChild);
    const name = state.view === 'ecosystem' ? 'xen-ecosystem' : state.view === 'circles' ? 'xen-ecosystem-circles' : state.view === 'host' ? 'xen-host-guests' : `xen-layers-${(state.model && state.model.name) || 'guest'}`;
    vscode.postMessage({ type: 'export', name, svg: new XMLSerializer().serializeToString(copy) });
  }

  // ------------------------------------------------------------------ tabs, messages
  function setView(view, focus) {
    state.view = view;
    vscode.setState({ view });
    for (const [k, t] of Object.entries(tabs)) {
      if (!t) continue;
      t.setAttribute('aria-selected', String(k === view));
      t.setAttribute('tabindex', k === view ? '0' : '-1');
    }
    if (focus) tabs[view].focus();
    state.pinned = null;
    // The host view asks the server for the folder's guests each time it is shown.
    if (view === 'host') vscode.postMessage({ type: 'wantHost' });
    render();
  }
  for (const v of VIEWS) if (tabs[v]) tabs[v].addEventListener('click', () => setView(v));
  // Tabs as the ARIA pattern has them: arrows move to the next or previous tab, Home and End to the ends.
  for (const t of Object.values(tabs)) {
    if (!t) continue;
    t.addEventListener('keydown', (e) => {
      const i = VIEWS.indexOf(state.view);
      const next = { ArrowRight: (i + 1) % VIEWS.length, ArrowLeft: (i + VIEWS.length - 1) % VIEWS.length, Home: 0, End: VIEWS.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      setView(VIEWS[next], true);
    });
  }
  document.getElementById('export').addEventListener('click', exportSvg);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.pinned) { state.pinned = null; markPinned(null); showInfo(null); }
  });

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'glossary' && Array.isArray(msg.terms)) {
      state.glossary = new Map(msg.terms.filter((t) => t && typeof t.id === 'string').map((t) => [t.id, t]));
      render();
    } else if (msg.type === 'host') {
      state.host = msg.host && Array.isArray(msg.host.guests) ? msg.host : { guests: [] };
      if (state.view === 'host') render();
    } else if (msg.type === 'guest') {
      state.received = true;
      state.file = typeof msg.file === 'string' ? msg.file : null;
      state.model = msg.model && typeof msg.model === 'object' ? msg.model : null;
      state.error = typeof msg.error === 'string' ? msg.error : null;
      render();
    }
  });

  setView(state.view, false);
  vscode.postMessage({ type: 'ready' });
})();
