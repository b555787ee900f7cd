/*
 * Static resources as a deploy meets them (README "Real-org rules"): the content file beside its
 * -meta.xml is kept whole, one resource is at most 5 MB and an org holds at most 250 MB of them.
 */
import { expect } from 'chai';
import { runDeploy, type DeployOptions } from '../../src/deploy.js';
import { EmulatedOrg, storePut } from '../../src/org.js';
import { buildManifest, buildZip } from '../../src/packageZip.js';
import { STATIC_RESOURCES_ORG_MAX_BYTES, STATIC_RESOURCE_MAX_BYTES } from '../../src/validation.js';
import { stored } from './helpers.js';

const OPTIONS: DeployOptions = { checkOnly: false, rollbackOnError: true, ignoreWarnings: false, runTests: [], singlePackage: true, purgeOnDelete: false };
const META = '<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource xmlns="http://soap.sforce.com/2006/04/metadata"><cacheControl>Private</cacheControl><contentType>application/octet-stream</contentType></StaticResource>\n';

function resources(contents: Record<string, Buffer>): Promise<Buffer> {
  return buildZip([
    { path: 'package.xml', content: buildManifest([{ name: 'StaticResource', members: Object.keys(contents) }], '62.0') },
    ...Object.entries(contents).flatMap(([name, content]) => [
      { path: `staticresources/${name}.resource`, content },
      { path: `staticresources/${name}.resource-meta.xml`, content: META },
    ]),
  ]);
}

describe('emulator: static resources', () => {
  it('Given a resource of exactly 5 MB, When deployed, Then the org keeps its content byte for byte', async () => {
    const org = new EmulatedOrg('t');
    const content = Buffer.alloc(STATIC_RESOURCE_MAX_BYTES, 7);
    const outcome = await runDeploy(org, await resources({ Big: content }), OPTIONS, () => false);
    expect(outcome.status).to.equal('Succeeded');
    expect(Object.values(org.get('StaticResource', 'Big')?.files ?? {})[0]?.equals(content)).to.equal(true);
  });

  it('Given a resource one byte over 5 MB, When deployed, Then it fails with the org\'s "static resource cannot exceed 5MB" and nothing is kept', async () => {
    const org = new EmulatedOrg('t');
    const outcome = await runDeploy(org, await resources({ Big: Buffer.alloc(STATIC_RESOURCE_MAX_BYTES + 1) }), OPTIONS, () => false);
    expect(outcome.status).to.equal('Failed');
    expect(outcome.componentFailures.map((f) => [f.componentType, f.fullName, f.problem])).to.deep.equal([['StaticResource', 'Big', 'static resource cannot exceed 5MB']]);
    expect(org.get('StaticResource', 'Big')).to.equal(undefined);
  });

  it('Given an org holding 250 MB of resources, When one more byte is deployed, Then the deploy fails naming the org limit', async () => {
    const org = new EmulatedOrg('t');
    // held already (a deploy of 250 MB takes the emulator ~20 s): 50 resources of 5 MB
    const count = STATIC_RESOURCES_ORG_MAX_BYTES / STATIC_RESOURCE_MAX_BYTES;
    const content = Buffer.alloc(STATIC_RESOURCE_MAX_BYTES);
    for (let i = 0; i < count; i++) storePut(org.store, { ...stored('StaticResource', `R${i}`, '<cacheControl>Private</cacheControl><contentType>text/plain</contentType>'), files: { [`staticresources/R${i}.resource`]: content } });
    const outcome = await runDeploy(org, await resources({ One: Buffer.alloc(1) }), OPTIONS, () => false);
    expect(outcome.status).to.equal('Failed');
    expect(outcome.componentFailures[0].problem).to.include('at most 250MB');
    expect(org.get('StaticResource', 'One')).to.equal(undefined);
  });
});
