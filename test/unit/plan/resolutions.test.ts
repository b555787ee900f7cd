import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { createPlan, PlannerOrgs, PlanRequest } from '../../../src/plan/planner.js';
import { parseResolutions, ResolutionRules, resolutionsSkeleton } from '../../../src/plan/resolutions.js';
import { selectionFromMetadataArgs } from '../../../src/plan/selection.js';
import { OrgHandle, type MetadataComponent } from '../../../src/org/index.js';
import { commandLineWith } from '../../../src/cli/commandLine.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const layout = (items: Array<[string, string]>): string =>
  `<Layout ${NS}><layoutSections><label>Info</label><layoutColumns>${items
    .map(([field, behavior]) => `<layoutItems><behavior>${behavior}</behavior><field>${field}</field></layoutItems>`)
    .join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;
const LAYOUT = 'Layout:Account-L';
const PHONE = 'layoutSections[Info].layoutItems[Phone]';
const FAX = 'layoutSections[Info].layoutItems[Fax]';

function orgs(components: Record<string, MetadataComponent[]>, base: MetadataComponent[]): PlannerOrgs {
  const handle = (name: string, orgId: string): OrgHandle =>
    new OrgHandle({ name, alias: name, username: `${name}@x.test`, orgId, instanceUrl: 'https://x', maxApiVersion: '62.0' }, {} as Org);
  const handles: Record<string, OrgHandle> = { prod: handle('prod', '00D1'), uat: handle('uat', '00D2'), qa: handle('qa', '00D3') };
  return {
    resolveOrg: (name): Promise<OrgHandle> => Promise.resolve(handles[name]),
    listMembers: (org, types): ReturnType<PlannerOrgs['listMembers']> => Promise.resolve(components[org.identity.name].filter((c) => types.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }))),
    retrieveComponents: (org, keys): ReturnType<PlannerOrgs['retrieveComponents']> => {
      const wanted = new Set(keys.map((k) => `${k.type}:${k.fullName}`));
      const found = components[org.identity.name].filter((c) => wanted.has(`${c.type}:${c.fullName}`));
      return Promise.resolve({ org: org.identity, components: found, missing: [], jobId: '09S', statusChecks: 1 });
    },
    readLocalFolder: (): ReturnType<PlannerOrgs['readLocalFolder']> => Promise.resolve({ format: 'source', components: base }),
  };
}

const component = (xml: string): MetadataComponent => ({ type: 'Layout', fullName: 'Account-L', xml });
const world = orgs(
  {
    prod: [component(layout([['Name', 'Edit']]))],
    // uat's admin changed both items the reference removes: two conflicts
    uat: [component(layout([['Name', 'Edit'], ['Phone', 'Required'], ['Fax', 'Required']]))],
    qa: [component(layout([['Name', 'Edit'], ['Phone', 'Edit'], ['Fax', 'Edit']]))],
  },
  [component(layout([['Name', 'Edit'], ['Phone', 'Edit'], ['Fax', 'Edit']]))]
);

function request(overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    reference: { org: 'prod' },
    targets: ['uat', 'qa'],
    selection: selectionFromMetadataArgs([LAYOUT]),
    mode: 'merge',
    deleteExtra: false,
    concurrency: 2,
    tool: { name: 'sf-postdeploy', version: 'test' },
    base: { dir: 'release-1' },
    ...overrides,
  };
}

describe('resolutions file', () => {
  const file = (resolutions: unknown): string => JSON.stringify({ resolutions });

  it('Given entries per target, component and path, When parsed, Then they are read as written', () => {
    const parsed = parseResolutions(file([{ target: 'uat', component: LAYOUT, path: PHONE, prefer: 'reference', note: 'agreed with uat' }]), 'r.json');
    expect(parsed.entries).to.deep.equal([{ target: 'uat', component: LAYOUT, path: PHONE, prefer: 'reference', note: 'agreed with uat' }]);
  });

  it('Given a file that is not JSON, a wrong side, an unknown key or an entry not decided yet, When parsed, Then a clear error names the file, the problem and the schema', () => {
    const problem = (text: string): string => {
      try {
        parseResolutions(text, 'r.json');
      } catch (error) {
        const { message, actions } = error as Error & { actions?: string[] };
        expect(actions?.join(' ')).to.include('schemas/postdeploy-resolutions.schema.json').and.include('--write-resolutions');
        return message;
      }
      throw new Error('parsed');
    };
    expect(problem('{')).to.include('r.json').and.include('not valid JSON');
    expect(problem(file([{ target: 'uat', component: LAYOUT, prefer: 'both' }]))).to.include('/resolutions/0/prefer must be equal to one of the allowed values');
    expect(problem(file([{ target: 'uat', component: LAYOUT, prefer: 'target', side: 1 }]))).to.include('(side)');
    expect(problem(file([{ target: 'uat', component: LAYOUT, path: PHONE, prefer: '' }]))).to.include(`no side is chosen in resolution #1 (uat ${LAYOUT} ${PHONE})`);
  });

  it('Given entries for several targets, When one target asks for a component, Then it gets only its own, the most specific path first', () => {
    const rules = new ResolutionRules(
      parseResolutions(
        file([
          { target: 'uat', component: LAYOUT, prefer: 'target' },
          { target: 'qa', component: LAYOUT, path: PHONE, prefer: 'reference' },
          { target: 'uat@x.test', component: LAYOUT, path: PHONE, prefer: 'reference' },
        ]),
        'r.json'
      )
    );
    const mine = rules.forTarget(['uat', 'uat', 'uat@x.test'])({ type: 'Layout', fullName: 'Account-L' });
    expect(mine?.resolutions).to.deep.equal([
      { path: PHONE, prefer: 'reference' },
      { path: '', prefer: 'target' },
    ]);
    expect(mine?.entries).to.deep.equal([2, 0]);
    expect(rules.forTarget(['uat'])({ type: 'Layout', fullName: 'Other' })).to.equal(undefined);
  });

  it('Given a resolution for one of two conflicts and one for a conflict that is gone, When planned, Then the first is decided and recorded with its entry, the other stays a conflict, and the unused entry is a warning', async () => {
    const resolutions = parseResolutions(
      file([
        { target: 'uat', component: LAYOUT, path: PHONE, prefer: 'reference' },
        { target: 'uat', component: LAYOUT, path: 'layoutSections[Info].layoutItems[Gone]', prefer: 'target' },
      ]),
      'r.json'
    );
    const plan = await createPlan(request({ resolutions }), world);
    const [uat, qa] = plan.targets;
    const layoutOf = uat.components[0];
    expect(layoutOf.changes.map((c) => `${c.op} ${c.path}`)).to.deep.equal([`remove ${PHONE}`]);
    expect(layoutOf.conflicts?.map((c) => c.path)).to.deep.equal([FAX]);
    expect(layoutOf.resolved?.map(({ path, prefer, entry }) => ({ path, prefer, entry }))).to.deep.equal([{ path: PHONE, prefer: 'reference', entry: 0 }]);
    // qa changed nothing: the reference's removals apply, no conflict to decide
    expect(qa.components[0].changes.map((c) => c.path)).to.deep.equal([PHONE, FAX]);
    expect(plan.resolutions).to.deep.equal(resolutions);
    expect(plan.warnings).to.have.length(1);
    expect(plan.warnings![0]).to.include('resolution #2 (uat Layout:Account-L layoutSections[Info].layoutItems[Gone]) decided no conflict').and.include('r.json');
  });

  it('Given a resolution and --prefer, When planned, Then the file wins for what it names and --prefer decides the rest, each recorded with what decided it', async () => {
    const resolutions = parseResolutions(file([{ target: 'uat', component: LAYOUT, path: PHONE, prefer: 'target' }]), 'r.json');
    const plan = await createPlan(request({ resolutions, prefer: 'reference', targets: ['uat'] }), world);
    const layoutOf = plan.targets[0].components[0];
    expect(layoutOf.conflicts).to.equal(undefined);
    expect(layoutOf.changes.map((c) => `${c.op} ${c.path}`)).to.deep.equal([`remove ${FAX}`]);
    expect(layoutOf.resolved?.map(({ path, prefer, entry }) => ({ path, prefer, entry }))).to.deep.equal([
      { path: PHONE, prefer: 'target', entry: 0 },
      { path: FAX, prefer: 'reference', entry: undefined },
    ]);
    // a conflict resolved for the target is not listed again as a kept difference
    expect(layoutOf.kept).to.equal(undefined);
    expect(plan.warnings).to.equal(undefined);
  });

  it('Given a plan with conflicts and a file already given, When the file to edit is written, Then it holds the given entries, then one per open conflict with its side empty and its values', async () => {
    const plan = await createPlan(request({ targets: ['uat'] }), world);
    const given = [{ target: 'uat', component: LAYOUT, path: 'x', prefer: 'target' as const }];
    const skeleton = resolutionsSkeleton(plan, given);
    expect(skeleton.resolutions[0]).to.deep.equal(given[0]);
    expect(skeleton.resolutions.slice(1).map((entry) => ({ target: entry.target, component: entry.component, path: entry.path, prefer: entry.prefer }))).to.deep.equal([
      { target: 'uat', component: LAYOUT, path: PHONE, prefer: '' },
      { target: 'uat', component: LAYOUT, path: FAX, prefer: '' },
    ]);
    expect(skeleton.resolutions[1].values).to.deep.equal({ base: { behavior: 'Edit', field: 'Phone' }, reference: null, target: { behavior: 'Required', field: 'Phone' } });
    expect(skeleton.resolutions[1].why).to.equal('removed by the reference, changed in the target');
  });

  it('Given the command as typed, When the next command is printed, Then --write-resolutions and an earlier --resolutions are replaced by the file, quoted for a shell', () => {
    const argv = ['--reference-dir', 'release 2', '-o', 'uat', '--write-resolutions', 'r.json', '--resolutions=old.json', '--metadata', 'Layout:Account-Account Layout'];
    expect(commandLineWith('postdeploy:plan', argv, ['write-resolutions', 'resolutions'], ['--resolutions', 'r.json'])).to.equal(
      "sf postdeploy plan --reference-dir 'release 2' -o uat --metadata 'Layout:Account-Account Layout' --resolutions r.json"
    );
  });
});
