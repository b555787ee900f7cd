/*
 * The drift matrix page (`--html-file`): the fleet at a glance, components down, targets across.
 * One self-contained file, opened offline as a CI artifact: inline CSS and script, no request of any
 * kind. The plan's facts are embedded as JSON (escaped so that no `</script>` or `<!--` can close
 * or open anything) and a small script renders them as text nodes only; the rows are paged.
 */
import { isWhollyBlocked } from '../plan/blocked.js';
import type { PlanBody, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import { componentDetailLines, printable } from './changeLines.js';
import { driftTotalLine, packagesLabel, planLabel, referenceLabel, targetLabel } from './driftTotals.js';
import { escapeHtml } from './markdownReport.js';

/** Rows on one page: 100 rows x 50 targets is 5,000 cells in the document at a time. */
export const HTML_PAGE_SIZE = 100;

/** What one cell says; the page shows the label, never the colour alone. */
export type CellStatus = 'sync' | 'create' | 'update' | 'delete' | 'partial' | 'managed' | 'refused' | 'manual' | 'conflict' | 'accepted' | 'error' | 'none';

export const CELL_LABELS: Readonly<Record<CellStatus, string>> = {
  sync: 'in sync',
  create: 'drift: create',
  update: 'drift: update',
  delete: 'drift: delete',
  partial: 'drift: partly blocked',
  managed: 'blocked: managed',
  refused: 'blocked: refused',
  manual: 'blocked: manual',
  conflict: 'conflict',
  accepted: 'accepted',
  error: 'error',
  none: 'not compared',
};

/**
 * `conflict`: the reference and this target changed the same element differently since the base
 * (three-way merge, --base-dir); `partial`: drift apply can only partly correct, some of it
 * deployed and some blocked in the same component.
 */
export function cellStatus(target: PlannedTarget, component: PlannedComponent | undefined): CellStatus {
  if (target.status === 'error') return 'error';
  if (!component) return 'none';
  if ((component.conflicts?.length ?? 0) > 0) return 'conflict';
  if (component.action === 'noop') return (component.accepted?.length ?? 0) > 0 ? 'accepted' : 'sync';
  if (isWhollyBlocked(component)) return component.blocked[0].kind;
  return component.blocked.length > 0 ? 'partial' : component.action;
}

type MatrixData = {
  title: string;
  facts: string[];
  total: string;
  pageSize: number;
  labels: Record<CellStatus, string>;
  targets: Array<{ label: string; error?: string; packages?: string }>;
  rows: Array<{ type: string; name: string; cells: CellStatus[] }>;
  /** `row:target` -> the detail lines (kind, text) as the terminal shows them, in full */
  details: Record<string, Array<[string, string]>>;
};

function matrixData(plan: PlanBody, live: boolean): MatrixData {
  const keys = new Map<string, { type: string; fullName: string }>();
  for (const target of plan.targets) for (const c of target.components) keys.set(`${c.type}:${c.fullName}`, { type: c.type, fullName: c.fullName });
  const ordered = [...keys.entries()].sort(([a], [b]) => a.localeCompare(b));
  const byTarget = plan.targets.map((target) => new Map(target.components.map((c) => [`${c.type}:${c.fullName}`, c])));
  const details: MatrixData['details'] = {};
  const rows = ordered.map(([key, component], row) => ({
    type: printable(component.type),
    name: printable(component.fullName),
    cells: plan.targets.map((target, column) => {
      const planned = byTarget[column].get(key);
      const status = cellStatus(target, planned);
      if (planned && status !== 'sync' && status !== 'error') {
        details[`${row}:${column}`] = componentDetailLines(planned, { foldLines: 0, maxValueLength: 200 }).map((line) => [line.kind, line.text]);
      }
      return status;
    }),
  }));
  return {
    title: 'sf postdeploy: drift matrix',
    facts: [`Reference: ${referenceLabel(plan.reference)}`, `mode: ${plan.mode}${plan.deleteExtra ? ' (delete extra)' : ''}`, `API ${plan.apiVersion}`, planLabel(plan, live)].map(printable),
    total: printable(driftTotalLine(plan)),
    pageSize: HTML_PAGE_SIZE,
    labels: { ...CELL_LABELS },
    targets: plan.targets.map((target) => ({
      label: printable(targetLabel(target)),
      ...(target.error ? { error: printable(`${target.error.name}: ${target.error.message}`) } : {}),
      ...(packagesLabel(target) ? { packages: printable(packagesLabel(target)!) } : {}),
    })),
    rows,
    details,
  };
}

/** JSON inside a `<script>` element: nothing in it can end the element or start markup. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: #1b1f24; }
body { margin: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; }
.facts { color: #57606a; margin: 0 0 12px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-bottom: 12px; }
.controls label { display: flex; flex-direction: column; font-size: 12px; color: #57606a; gap: 2px; }
.controls select, .controls input { font: inherit; padding: 3px 6px; }
.layout { display: flex; gap: 16px; align-items: flex-start; }
.layout > div:first-child { flex: 1 1 auto; min-width: 0; }
.matrix-wrap { overflow: auto; max-height: 78vh; border: 1px solid #d0d7de; flex: 1 1 auto; }
table { border-collapse: separate; border-spacing: 0; }
th, td { border-bottom: 1px solid #eaeef2; border-right: 1px solid #eaeef2; padding: 0; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: #f6f8fa; z-index: 2; padding: 4px 6px; font-weight: 600; white-space: nowrap; }
thead tr.counts th { top: 26px; font-weight: 400; font-size: 12px; color: #57606a; }
tbody th { position: sticky; left: 0; background: #fff; z-index: 1; padding: 4px 6px; font-weight: 400; white-space: nowrap; max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
tbody th .type { color: #57606a; font-size: 12px; margin-right: 6px; }
td button { display: block; width: 100%; min-width: 110px; border: 0; padding: 4px 6px; font: inherit; font-size: 12px; text-align: left; cursor: pointer; }
td button:focus { outline: 3px solid #0969da; outline-offset: -3px; }
td button[aria-pressed="true"] { box-shadow: inset 0 0 0 2px #1b1f24; }
.s-sync { background: #dafbe1; color: #116329; }
.s-create, .s-update, .s-delete { background: #ffebe9; color: #a40e26; font-weight: 600; }
.s-managed, .s-refused, .s-manual { background: #eaeef2; color: #424a53; }
.s-partial { background: #ffebe9; color: #a40e26; font-weight: 600; border-left: 3px solid #7d4e00; }
.s-conflict { background: #fff8c5; color: #7d4e00; font-weight: 600; }
.s-accepted { background: #ddf4ff; color: #0550ae; }
.s-error { background: #a40e26; color: #fff; }
.s-none { background: #fff; color: #8c959f; }
.side { flex: 0 0 38%; max-width: 38%; }
.side h2 { font-size: 16px; margin: 0 0 6px; }
#details pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 8px; overflow: auto; max-height: 60vh; font-size: 12px; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
#details .k-add { color: #116329; } #details .k-remove, #details .k-destructive { color: #a40e26; }
#details .k-change { color: #7d4e00; } #details .k-blocked, #details .k-irreversible, #details .k-override { color: #8250df; }
#details .k-accepted, #details .k-note, #details .k-whole { color: #57606a; }
.pager { margin: 8px 0; display: flex; gap: 8px; align-items: center; }
.by-type { margin-top: 16px; } .by-type td, .by-type th { padding: 2px 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

/* The page's own script: builds every element from the embedded data with textContent only. */
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('matrix-data').textContent);
  var DRIFT = { create: 1, update: 1, delete: 1, partial: 1, conflict: 1 };
  var BLOCKED = { managed: 1, refused: 1, manual: 1 };
  var page = 0;
  var selected = null;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function matches(status, wanted) {
    if (wanted === 'all') return true;
    if (wanted === 'drift') return DRIFT[status] === 1;
    if (wanted === 'blocked') return BLOCKED[status] === 1;
    if (wanted === 'not-sync') return status !== 'sync' && status !== 'none';
    return status === wanted;
  }
  function filterState() {
    return { type: byId('f-type').value, status: byId('f-status').value, target: byId('f-target').value, text: byId('f-search').value.trim().toLowerCase() };
  }
  function columns(state) {
    var all = data.targets.map(function (t, i) { return i; });
    return state.target === 'all' ? all : [Number(state.target)];
  }
  function visibleRows(state, cols) {
    var rows = [];
    data.rows.forEach(function (row, i) {
      if (state.type !== 'all' && row.type !== state.type) return;
      if (state.text && (row.type + ':' + row.name).toLowerCase().indexOf(state.text) === -1) return;
      if (!cols.some(function (c) { return matches(row.cells[c], state.status); })) return;
      rows.push(i);
    });
    return rows;
  }
  function countLine(cols, rows, column) {
    var drift = 0, blocked = 0, accepted = 0;
    rows.forEach(function (r) {
      var s = data.rows[r].cells[column];
      if (DRIFT[s]) drift++; else if (BLOCKED[s]) blocked++; else if (s === 'accepted') accepted++;
    });
    if (data.targets[column].error) return 'error';
    return drift + ' drift · ' + blocked + ' blocked · ' + accepted + ' accepted';
  }
  function render() {
    var state = filterState();
    var cols = columns(state);
    var rows = visibleRows(state, cols);
    var pages = Math.max(1, Math.ceil(rows.length / data.pageSize));
    if (page >= pages) page = pages - 1;
    var table = byId('matrix');
    table.textContent = '';
    table.appendChild(el('caption', { class: 'visually-hidden' }, 'Drift of each component (rows) in each target org (columns)'));
    var thead = el('thead');
    var head = el('tr');
    head.appendChild(el('th', { scope: 'col' }, 'Component'));
    cols.forEach(function (c) {
      var t = data.targets[c];
      var th = el('th', { scope: 'col', 'data-target': String(c), title: t.packages ? 'packages: ' + t.packages : '' }, t.label);
      head.appendChild(th);
    });
    thead.appendChild(head);
    var counts = el('tr', { class: 'counts' });
    counts.appendChild(el('th', { scope: 'row' }, rows.length + ' of ' + data.rows.length + ' components'));
    cols.forEach(function (c) { counts.appendChild(el('th', { scope: 'col', class: 'target-count' }, countLine(cols, rows, c))); });
    thead.appendChild(counts);
    if (data.targets.some(function (t) { return t.packages; })) {
      var pk = el('tr', { class: 'counts' });
      pk.appendChild(el('th', { scope: 'row' }, 'Installed packages'));
      cols.forEach(function (c) { pk.appendChild(el('th', { scope: 'col', class: 'packages' }, data.targets[c].packages || 'unknown')); });
      thead.appendChild(pk);
    }
    table.appendChild(thead);
    var tbody = el('tbody');
    rows.slice(page * data.pageSize, (page + 1) * data.pageSize).forEach(function (r) {
      var row = data.rows[r];
      var tr = el('tr', { 'data-row': String(r) });
      var th = el('th', { scope: 'row', title: row.type + ':' + row.name });
      th.appendChild(el('span', { class: 'type' }, row.type));
      th.appendChild(document.createTextNode(row.name));
      tr.appendChild(th);
      cols.forEach(function (c) {
        var status = row.cells[c];
        var td = el('td', { 'data-status': status });
        var button = el('button', { type: 'button', class: 's-' + status, 'data-cell': r + ':' + c, 'aria-pressed': selected === r + ':' + c ? 'true' : 'false', 'aria-label': row.type + ' ' + row.name + ' in ' + data.targets[c].label + ': ' + data.labels[status] }, data.labels[status]);
        td.appendChild(button);
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    byId('page-info').textContent = 'Page ' + (page + 1) + ' of ' + pages + ' (' + data.pageSize + ' rows a page)';
    byId('prev').disabled = page === 0;
    byId('next').disabled = page >= pages - 1;
    renderTypes(rows, cols);
  }
  function renderTypes(rows, cols) {
    var byType = {};
    rows.forEach(function (r) {
      var row = data.rows[r];
      var entry = byType[row.type] || (byType[row.type] = { components: 0, drift: 0, blocked: 0, accepted: 0 });
      entry.components++;
      cols.forEach(function (c) {
        var s = row.cells[c];
        if (DRIFT[s]) entry.drift++; else if (BLOCKED[s]) entry.blocked++; else if (s === 'accepted') entry.accepted++;
      });
    });
    var body = byId('by-type-body');
    body.textContent = '';
    Object.keys(byType).sort().forEach(function (type) {
      var e = byType[type];
      var tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, type));
      [e.components, e.drift, e.blocked, e.accepted].forEach(function (n) { tr.appendChild(el('td', null, String(n))); });
      body.appendChild(tr);
    });
  }
  function showDetails(key) {
    selected = key;
    var parts = key.split(':');
    var row = data.rows[Number(parts[0])];
    var target = data.targets[Number(parts[1])];
    var status = row.cells[Number(parts[1])];
    var box = byId('details');
    box.textContent = '';
    box.appendChild(el('h2', null, row.type + ' ' + row.name + ' in ' + target.label));
    box.appendChild(el('p', null, data.labels[status] + (target.error ? ': ' + target.error : '')));
    var lines = data.details[key] || [];
    if (lines.length === 0) { box.appendChild(el('p', null, status === 'sync' ? 'No difference with the reference.' : 'No element changes recorded.')); }
    else {
      var pre = el('pre', { 'aria-label': 'element changes' });
      lines.forEach(function (line) { pre.appendChild(el('span', { class: 'k-' + line[0] }, line[1] + '\\n')); });
      box.appendChild(pre);
    }
    Array.prototype.forEach.call(document.querySelectorAll('td button[aria-pressed="true"]'), function (b) { b.setAttribute('aria-pressed', 'false'); });
    var pressed = document.querySelector('td button[data-cell="' + key + '"]');
    if (pressed) pressed.setAttribute('aria-pressed', 'true');
  }
  function fillSelect(id, options) {
    var select = byId(id);
    options.forEach(function (o) { select.appendChild(el('option', { value: o[0] }, o[1])); });
  }
  fillSelect('f-type', [['all', 'All types']].concat(Array.from(new Set(data.rows.map(function (r) { return r.type; }))).sort().map(function (t) { return [t, t]; })));
  fillSelect('f-status', [['all', 'Any status'], ['not-sync', 'Not in sync'], ['drift', 'Drift (create, update, delete, partly blocked, conflict)'], ['blocked', 'Blocked (managed, refused, manual)']].concat(Object.keys(data.labels).map(function (s) { return [s, data.labels[s]]; })));
  fillSelect('f-target', [['all', 'All targets']].concat(data.targets.map(function (t, i) { return [String(i), t.label]; })));
  ['f-type', 'f-status', 'f-target'].forEach(function (id) { byId(id).addEventListener('change', function () { page = 0; render(); }); });
  byId('f-search').addEventListener('input', function () { page = 0; render(); });
  byId('prev').addEventListener('click', function () { page--; render(); });
  byId('next').addEventListener('click', function () { page++; render(); });
  byId('matrix').addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-cell]') : null;
    if (button) showDetails(button.getAttribute('data-cell'));
  });
  render();
})();
`;

export function renderHtmlReport(plan: PlanBody, options: { live?: boolean } = {}): string {
  const data = matrixData(plan, options.live ?? false);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<p class="facts">${escapeHtml(data.facts.join(' · '))}</p>
<p><strong>${escapeHtml(data.total)}</strong></p>
</header>
<main>
<div class="controls" role="search">
<label>Type <select id="f-type"></select></label>
<label>Status <select id="f-status"></select></label>
<label>Target <select id="f-target"></select></label>
<label>Search components <input id="f-search" type="search" placeholder="Layout:Account"></label>
</div>
<div class="layout">
<div>
<div class="matrix-wrap"><table id="matrix"></table></div>
<div class="pager"><button type="button" id="prev">Previous page</button><span id="page-info" aria-live="polite"></span><button type="button" id="next">Next page</button></div>
<table class="by-type"><caption>Counts per type (rows and targets shown)</caption><thead><tr><th scope="col">Type</th><th scope="col">Components</th><th scope="col">Drift</th><th scope="col">Blocked</th><th scope="col">Accepted</th></tr></thead><tbody id="by-type-body"></tbody></table>
</div>
<section class="side" aria-live="polite" id="details"><h2>Element changes</h2><p>Choose a cell to see that target's changes.</p></section>
</div>
</main>
<noscript>This page needs JavaScript to draw the matrix; the same facts are in the Markdown report and in sf postdeploy diff.</noscript>
<script type="application/json" id="matrix-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
