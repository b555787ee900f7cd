import { expect } from 'chai';
import { inRange, isVersionRange, outsideCondition, parsePackageFilter } from '../../../src/plan/packageVersions.js';
import { stepAction } from '../../../src/plan/steps.js';
import type { PlanStep, PlannedTarget } from '../../../src/plan/planTypes.js';

describe('package versions', () => {
  it('Given ranges, Then versions compare part by part, numerically, missing parts 0', () => {
    expect(inRange('2.4.0.0', '>=2.4')).to.equal(true);
    expect(inRange('2.3.9.9', '>=2.4')).to.equal(false);
    expect(inRange('2.10.0.0', '>=2.4 <3')).to.equal(true);
    expect(inRange('3.0.0.0', '>=2.4 <3')).to.equal(false);
    expect(inRange('2.4.0.0', '2.4')).to.equal(true);
    expect(inRange('2.4.1.0', '2.4')).to.equal(false);
    expect(inRange('2.4.1.0', '> 2.4')).to.equal(true);
    expect(isVersionRange('>=two')).to.equal(false);
    expect(isVersionRange('')).to.equal(false);
  });

  it('Given --package-version text, Then ns@range parses and anything else is a usage error that shows the syntax', () => {
    expect(parsePackageFilter('acme@>=2.4 <3')).to.deep.equal({ namespace: 'acme', versionRange: '>=2.4 <3' });
    for (const bad of ['acme>=2.4', '@>=2.4', 'acme@', 'acme@latest']) {
      expect(() => parsePackageFilter(bad), bad).to.throw(/is not a package version condition/);
    }
  });

  it('Given installed packages, Then the reason a target is outside names what is installed, or what is missing', () => {
    const packages = [{ namespace: 'acme', name: 'Acme', version: '2.3.0.0' }];
    expect(outsideCondition({ namespace: 'acme', versionRange: '>=2.4' }, packages)).to.equal('acme 2.3.0.0 is installed, outside >=2.4');
    expect(outsideCondition({ namespace: 'ACME', versionRange: '>=2.3' }, packages)).to.equal(undefined);
    expect(outsideCondition({ namespace: 'other', versionRange: '>=1' }, packages)).to.equal('package other is not installed (wanted other >=1)');
    expect(outsideCondition({ namespace: 'acme', versionRange: '>=1' }, undefined)).to.contain('could not be read');
  });

  it('Given a step with when, Then a target outside it plans the step as skipped with the reason', () => {
    const step: PlanStep = { name: 'post', kind: 'apex', script: { file: 'post.apex', hash: 'h', body: 'x' }, undo: { file: 'undo.apex', hash: 'h', body: 'y' }, when: { namespace: 'acme', versionRange: '>=2.4' } };
    const target = (version: string): PlannedTarget => ({ name: 't', username: 'u', status: 'ok', counts: { create: 0, update: 0, delete: 0, noop: 0, blocked: 0, changes: 0 }, components: [], packages: [{ namespace: 'acme', name: 'Acme', version }] });
    expect(stepAction(step, target('2.3.0.0'))).to.deep.equal({ name: 'post', kind: 'apex', action: 'skipped: acme 2.3.0.0 is installed, outside >=2.4', skipped: 'acme 2.3.0.0 is installed, outside >=2.4' });
    expect(stepAction(step, target('2.4.0.0'))).to.deep.equal({ name: 'post', kind: 'apex', action: 'run post.apex (rollback runs undo.apex)' });
  });
});
