#!/usr/bin/env node
/*
 * Scheduled drift monitoring for examples/github-actions/drift-monitor.yml: plans the fleet with
 * `sf postdeploy plan --fail-on-drift`, writes the Markdown report and the drift matrix page, and
 * keeps ONE GitHub issue per drifted org through the GitHub REST API:
 *   - an org that drifts and has no open issue gets one;
 *   - an org whose drift changed gets its issue's body replaced and a comment (one notification);
 *   - an org back in line gets a comment and its issue closed;
 *   - an org whose drift did not change, or that could not be read this run, is left as it is.
 * Issues are found again by a hidden marker with the org ID, among the open issues carrying the
 * label, so a run never opens a second issue for the same org.
 *
 * Usage: node drift-monitor.mjs [--out dir] [--label name] -- <sf postdeploy plan flags>
 * Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default
 * https://api.github.com), GITHUB_SERVER_URL + GITHUB_RUN_ID (to link the run), POSTDEPLOY_BIN (the
 * plugin's bin/run.js, run with node; default: `sf postdeploy`).
 * Exit code: the plan's (0 in line, 3 drift, 68 some orgs unreadable, 1 none readable, 2 bad flags);
 * 1 when the GitHub API fails. Plain Node 20, no dependencies: copy it beside the workflow.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = 'sf-postdeploy-drift-monitor';
const BODY_LIMIT = 60_000;

function parseArgs(argv) {
  const options = { out: 'drift-report', label: 'drift-monitor', plan: [] };
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  options.plan = separator === -1 ? [] : argv.slice(separator + 1);
  for (let i = 0; i < own.length; i += 2) {
    if (own[i] === '--out') options.out = own[i + 1];
    else if (own[i] === '--label') options.label = own[i + 1];
    else throw new Error(`unknown option ${own[i]}: use --out, --label, then -- and the flags of sf postdeploy plan`);
  }
  return options;
}

/** `sf postdeploy <args>`, or the plugin's bin/run.js when POSTDEPLOY_BIN names it; output passes through. */
function postdeploy(args, capture = false) {
  const [command, prefix] = process.env.POSTDEPLOY_BIN ? [process.execPath, [process.env.POSTDEPLOY_BIN, 'postdeploy']] : ['sf', ['postdeploy']];
  const result = spawnSync(command, [...prefix, ...args], { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, stdout: result.stdout ?? '' };
}

class GitHub {
  constructor(token, repository, apiUrl) {
    if (!token || !repository) throw new Error('GITHUB_TOKEN and GITHUB_REPOSITORY must be set (GitHub Actions sets GITHUB_REPOSITORY; pass secrets.GITHUB_TOKEN)');
    this.token = token;
    this.base = `${apiUrl.replace(/\/$/, '')}/repos/${repository}`;
  }

  async request(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`GitHub ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  /** Every open issue with the label (pull requests left out), page by page. */
  async openIssues(label) {
    const issues = [];
    for (let page = 1; ; page++) {
      // eslint-disable-next-line no-await-in-loop
      const batch = await this.request('GET', `/issues?state=open&labels=${encodeURIComponent(label)}&per_page=100&page=${page}`);
      issues.push(...batch.filter((issue) => !issue.pull_request));
      if (batch.length < 100) return issues;
    }
  }
}

function targetName(target) {
  return target.alias ?? target.username;
}

function orgKey(target) {
  return target.orgId ?? target.username;
}

const DRIFT_ACTIONS = new Set(['create', 'update', 'delete']);

function drifting(target) {
  return target.components.filter((c) => DRIFT_ACTIONS.has(c.action));
}

function value(v) {
  if (v === undefined || v === null) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function changeLine(change) {
  if (change.op === 'change') return `~ ${change.path}: ${value(change.before)} -> ${value(change.after)}`;
  const shown = change.op === 'add' ? change.after : change.before;
  const marker = change.op === 'add' ? '+' : '-';
  if (change.path === '') return `${marker} (whole component)`;
  return typeof shown === 'object' && shown !== null ? `${marker} ${change.path} ${JSON.stringify(shown)}` : `${marker} ${change.path}${shown === undefined ? '' : `: ${value(shown)}`}`;
}

/** The part of the body that decides whether the drift changed: the drifting components and their changes. */
function driftText(target) {
  return drifting(target)
    .map((c) => [`@@ ${c.type} ${c.fullName} (${c.action}) @@`, ...c.changes.map(changeLine)].join('\n'))
    .join('\n');
}

function fence(text) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}diff\n${text}\n${ticks}`;
}

function issueBody(target, digest, runUrl) {
  const components = drifting(target);
  const accepted = target.components.reduce((n, c) => n + (c.accepted?.length ?? 0), 0);
  const packages = target.packages?.length ? target.packages.map((p) => `${p.namespace ?? p.name} ${p.version}`).join(', ') : undefined;
  let details = driftText(target);
  if (details.length > BODY_LIMIT) details = `${details.slice(0, BODY_LIMIT)}\n… cut: see the run's drift report artifact`;
  return [
    `<!-- ${MARKER} org:${orgKey(target)} digest:${digest} -->`,
    `**${targetName(target)}** (${target.username}, ${target.orgId ?? 'org ID unknown'}) differs from the reference in ${components.length} component${components.length === 1 ? '' : 's'}.`,
    '',
    ...(packages ? [`Installed packages: ${packages}`, ''] : []),
    ...(accepted > 0 ? [`${accepted} accepted difference${accepted === 1 ? '' : 's'} (config \`accept\`) not counted.`, ''] : []),
    fence(details),
    '',
    runUrl ? `Last checked by ${runUrl}: the matrix page and the Markdown report are that run's artifacts.` : 'The matrix page and the Markdown report are the run\'s artifacts.',
    '',
    'This issue is kept by the drift monitor: it is updated when the drift changes and closed when the org is back in line. Correct the drift with `sf postdeploy plan` and `sf postdeploy apply`, or accept it in the config file\'s `accept` list.',
  ].join('\n');
}

function markerOf(issue) {
  const match = new RegExp(`<!-- ${MARKER} org:(\\S+) digest:(\\w+) -->`).exec(issue.body ?? '');
  return match ? { org: match[1], digest: match[2] } : undefined;
}

async function syncIssues(github, label, diff, runUrl) {
  const open = new Map();
  for (const issue of await github.openIssues(label)) {
    const marker = markerOf(issue);
    // a second open issue for one org (made by hand) is left alone: the oldest is the one kept
    if (marker && !open.has(marker.org)) open.set(marker.org, { issue, digest: marker.digest });
  }
  const summary = { opened: [], updated: [], closed: [], unchanged: [], unread: [] };
  for (const target of diff.targets) {
    const name = targetName(target);
    const existing = open.get(orgKey(target));
    if (target.status === 'error') {
      summary.unread.push(name);
      continue;
    }
    if (drifting(target).length === 0) {
      if (existing) {
        /* eslint-disable no-await-in-loop */
        await github.request('POST', `/issues/${existing.issue.number}/comments`, { body: `${name} is back in line with the reference${runUrl ? ` (${runUrl})` : ''}. Closing.` });
        await github.request('PATCH', `/issues/${existing.issue.number}`, { state: 'closed', state_reason: 'completed' });
        summary.closed.push(name);
      }
      continue;
    }
    const digest = createHash('sha256').update(driftText(target)).digest('hex').slice(0, 16);
    const body = issueBody(target, digest, runUrl);
    if (!existing) {
      const created = await github.request('POST', '/issues', { title: `Drift: ${name} differs from the reference`, body, labels: [label] });
      summary.opened.push(`${name} #${created.number}`);
    } else if (existing.digest !== digest) {
      await github.request('PATCH', `/issues/${existing.issue.number}`, { body });
      await github.request('POST', `/issues/${existing.issue.number}/comments`, { body: `The drift of ${name} changed${runUrl ? ` (${runUrl})` : ''}: the description holds the new report.` });
      summary.updated.push(`${name} #${existing.issue.number}`);
    } else {
      summary.unchanged.push(`${name} #${existing.issue.number}`);
    }
    /* eslint-enable no-await-in-loop */
  }
  return summary;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(options.out, { recursive: true });
  const planFile = join(options.out, 'postdeploy-plan.json');
  const planned = postdeploy(['plan', ...options.plan, '--fail-on-drift', '--output-file', planFile]);
  // 0 in line, 3 drift, 68 some targets unreadable: the plan file is there; else nothing to report
  if (![0, 3, 68].includes(planned.code)) return planned.code;
  const shown = postdeploy(['diff', '--plan-file', planFile, '--markdown-file', join(options.out, 'drift.md'), '--html-file', join(options.out, 'drift.html'), '--json'], true);
  if (shown.code !== 0 && shown.code !== 68) return shown.code;
  const diff = JSON.parse(shown.stdout).result;
  const github = new GitHub(process.env.GITHUB_TOKEN, process.env.GITHUB_REPOSITORY, process.env.GITHUB_API_URL || 'https://api.github.com');
  const runUrl = process.env.GITHUB_RUN_ID ? `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  let summary;
  try {
    summary = await syncIssues(github, options.label, diff, runUrl);
  } catch (error) {
    process.stderr.write(`drift monitor: ${error instanceof Error ? error.message : String(error)}\nThe reports are in ${options.out}; the issues were not all updated: run again.\n`);
    return 1;
  }
  const line = (label, names) => (names.length > 0 ? `${label}: ${names.join(', ')}` : undefined);
  const lines = [line('opened', summary.opened), line('updated', summary.updated), line('closed', summary.closed), line('unchanged', summary.unchanged), line('not read this run (issue left as it is)', summary.unread)].filter(Boolean);
  process.stdout.write(`drift monitor: ${lines.length > 0 ? lines.join('; ') : 'every org in line, no issue open'}\n`);
  return planned.code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`drift monitor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
);
