/*
 * examples/github-actions/drift-monitor.mjs, the script the drift-monitor workflow runs, as three
 * scheduled runs: the plugin (bin/run.js) against emulated orgs, and a local fake of the GitHub
 * REST endpoints the script calls (list, create and edit issues, comment). One org drifts, its
 * drift changes, then it comes back in line, while another starts drifting: each has one issue.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const SCRIPT = join(PROJECT_ROOT, 'examples', 'github-actions', 'drift-monitor.mjs');
const LAYOUT = 'Account-Account Layout';
const TOKEN = 'ghs_fake_token_for_the_test';

type Issue = { number: number; title: string; body: string; state: 'open' | 'closed'; labels: Array<{ name: string }>; comments: string[] };
type Call = { method: string; path: string };

/** The GitHub REST endpoints the script uses, kept in memory; every other request is a 404. */
class FakeGitHub {
  public readonly issues: Issue[] = [];
  public readonly calls: Call[] = [];
  private server?: Server;

  public async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  public callsOf(method: string, pattern: RegExp): Call[] {
    return this.calls.filter((call) => call.method === method && pattern.test(call.path));
  }

  private issueList(method: string, url: URL, body: Record<string, unknown>, send: (status: number, value: unknown) => void): void {
    if (method === 'GET') {
      const label = url.searchParams.get('labels');
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Number(url.searchParams.get('per_page') ?? '30');
      const found = this.issues.filter((i) => i.state === url.searchParams.get('state') && (!label || i.labels.some((l) => l.name === label)));
      return send(200, found.slice((page - 1) * perPage, page * perPage));
    }
    if (method === 'POST') {
      const issue: Issue = { number: this.issues.length + 1, title: String(body.title), body: String(body.body), state: 'open', labels: (body.labels as string[]).map((name) => ({ name })), comments: [] };
      this.issues.push(issue);
      return send(201, issue);
    }
    return send(404, { message: 'Not Found' });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const url = new URL(request.url ?? '/', 'http://x');
    this.calls.push({ method: request.method ?? '', path: url.pathname });
    const send = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    const issuePath = /^\/repos\/acme\/fleet\/issues(?:\/(\d+))?(\/comments)?$/.exec(url.pathname);
    if (!issuePath) return send(404, { message: 'Not Found' });
    const [, number, comments] = issuePath;
    if (!number) return this.issueList(request.method ?? '', url, body, send);
    const issue = this.issues.find((i) => i.number === Number(number));
    if (!issue) return send(404, { message: 'Not Found' });
    if (comments && request.method === 'POST') {
      issue.comments.push(String(body.body));
      return send(201, { id: issue.comments.length });
    }
    if (!comments && request.method === 'PATCH') {
      if (typeof body.body === 'string') issue.body = body.body;
      if (body.state === 'closed' || body.state === 'open') issue.state = body.state;
      return send(200, issue);
    }
    return send(404, { message: 'Not Found' });
  }
}

describe('examples/github-actions/drift-monitor.mjs: one issue per drifted org over scheduled runs', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let github: FakeGitHub;
  let apiUrl: string;
  let work: string;

  /** One scheduled run: the workflow's monitor step. */
  const scheduledRun = (): Promise<ProcessResult> =>
    run(process.execPath, [SCRIPT, '--out', 'drift-report', '--label', 'drift-monitor', '--', '--reference-org', 'prod', '--target-org', 'uat', '--target-org', 'qa', '--config', 'postdeploy.json'], {
      env: childEnv(sfHome.home, { POSTDEPLOY_BIN: join(PROJECT_ROOT, 'bin', 'run.js'), GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/fleet', GITHUB_API_URL: apiUrl, GITHUB_RUN_ID: '42' }),
      cwd: work,
      timeoutMs: 180_000,
    });

  const edit = async (alias: string, type: string, name: string, change: (xml: string) => string): Promise<void> => {
    const xml = (await admin.component(alias, type, name))!;
    const changed = change(xml);
    expect(changed, `${alias} ${type} ${name} was not changed`).not.to.equal(xml);
    await admin.putComponent(alias, type, name, changed);
  };
  const dropTier = (xml: string): string => xml.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Tier__c<\/field>\s*<\/layoutItems>/, '');
  const dropAmer = (xml: string): string => xml.replace(/<customValue>\s*<fullName>AMER<\/fullName>[\s\S]*?<\/customValue>/, '');

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { prod: SEED, uat: SEED, qa: SEED }, jobMs: 10 });
    admin = new EmulatorAdmin(emulator.url);
    github = new FakeGitHub();
    apiUrl = await github.start();
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-monitor-'));
    writeFileSync(join(work, 'postdeploy.json'), JSON.stringify({ metadata: ['Layout', 'GlobalValueSet:Regions', 'Profile:Admin'] }));
  });

  after(async () => {
    await github?.stop();
    await emulator?.stop();
    sfHome?.restore();
    rmSync(work, { recursive: true, force: true });
  });

  it('Given uat drifting, then drifting more while qa starts, then uat back in line, Then uat\'s issue is opened, updated and closed, qa gets one, and no run makes a duplicate', async () => {
    // night 1: uat lost a layout item; qa is in line
    await edit('uat', 'Layout', LAYOUT, dropTier);
    const first = await scheduledRun();
    expect(first.code, first.stderr).to.equal(3);
    expect(first.stdout).to.contain('drift monitor: opened: uat #1');
    expect(github.issues).to.have.length(1);
    const uatIssue = github.issues[0];
    expect(uatIssue).to.include({ state: 'open', title: 'Drift: uat differs from the reference' });
    expect(uatIssue.labels).to.deep.equal([{ name: 'drift-monitor' }]);
    expect(uatIssue.body).to.contain(`org:${emulator.orgs.uat.orgId}`).and.contain('+ layoutSections[Account Information].layoutItems[Tier__c]');
    expect(uatIssue.body).to.contain('/acme/fleet/actions/runs/42');
    for (const report of ['drift.md', 'drift.html', 'postdeploy-plan.json']) expect(readFileSync(join(work, 'drift-report', report), 'utf8').length, report).to.be.above(100);
    const firstBody = uatIssue.body;

    // night 2: uat's drift grows (a field permission narrowed), qa lost a value set value
    await edit('uat', 'Profile', 'Admin', (xml) => xml.replace(/<editable>true<\/editable>(\s*<field>Account.Tier__c)/, '<editable>false</editable>$1'));
    await edit('qa', 'GlobalValueSet', 'Regions', dropAmer);
    const second = await scheduledRun();
    expect(second.code, second.stderr).to.equal(3);
    expect(second.stdout).to.contain('opened: qa #2').and.contain('updated: uat #1');
    expect(github.issues).to.have.length(2);
    expect(uatIssue.body).not.to.equal(firstBody);
    expect(uatIssue.body).to.contain('fieldPermissions[Account.Tier__c].editable: false -> true');
    expect(uatIssue.comments).to.have.length(1);
    const qaIssue = github.issues[1];
    expect(qaIssue.body).to.contain(`org:${emulator.orgs.qa.orgId}`).and.contain('customValue[AMER]');

    // night 3: uat is corrected (back as the reference), qa's drift is the same as last night
    for (const [type, name] of [['Layout', LAYOUT], ['Profile', 'Admin']]) {
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent('uat', type, name, (await admin.component('prod', type, name))!);
    }
    const patchesBefore = github.callsOf('PATCH', /\/issues\/2$/).length;
    const third = await scheduledRun();
    expect(third.code, third.stderr).to.equal(3);
    expect(third.stdout).to.contain('closed: uat').and.contain('unchanged: qa #2');
    expect(uatIssue.state).to.equal('closed');
    expect(uatIssue.comments.at(-1)).to.contain('uat is back in line');
    expect(qaIssue.state).to.equal('open');
    expect(github.callsOf('PATCH', /\/issues\/2$/).length).to.equal(patchesBefore);

    // across the three runs: two issues created, never a second for one org
    expect(github.callsOf('POST', /\/issues$/)).to.have.length(2);
    expect(github.issues.filter((i) => i.state === 'open').map((i) => i.number)).to.deep.equal([2]);
    for (const result of [first, second, third]) expect(result.stdout + result.stderr).not.to.contain(TOKEN);
  });
});
