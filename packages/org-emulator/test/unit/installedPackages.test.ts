import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { installedPackageRecords, readPackagesFile } from '../../src/managed.js';

function folder(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-packages-'));
  writeFileSync(join(dir, 'installed-packages.json'), JSON.stringify(content));
  return dir;
}

describe('emulator installed packages (Tooling InstalledSubscriberPackage)', () => {
  it('Given installed-packages.json, Then each package answers with its namespace, name and version parts, missing parts 0', () => {
    const registry = readPackagesFile(folder({ packages: [{ namespace: 'acme', name: 'Acme Billing', version: '2.4.1' }, { namespace: 'pkg', version: '1.0.0.7' }] }));
    const records = installedPackageRecords(registry);
    expect(records).to.have.length(2);
    expect(records[0]).to.deep.include({ SubscriberPackage: { attributes: { type: 'SubscriberPackage' }, NamespacePrefix: 'acme', Name: 'Acme Billing' } });
    expect(records[0].SubscriberPackageVersion).to.include({ MajorVersion: 2, MinorVersion: 4, PatchVersion: 1, BuildNumber: 0 });
    expect(records[1].SubscriberPackage).to.include({ Name: 'pkg' });
    expect(records[1].SubscriberPackageVersion).to.include({ MajorVersion: 1, MinorVersion: 0, PatchVersion: 0, BuildNumber: 7 });
    expect(records[0].Id).to.match(/^0A3\w{15}$/);
  });

  it('Given a version that is not major.minor[.patch[.build]], Then the org folder is refused', () => {
    expect(() => readPackagesFile(folder({ packages: [{ namespace: 'acme', version: 'latest' }] }))).to.throw(/is not major.minor/);
  });
});
