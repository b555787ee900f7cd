import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junitAttribute, junitText, renderJUnitReport } from '../../../src/output/junitReport.js';
import { fixturePlan, SPECIAL_LAYOUT, SPECIAL_TARGET } from './planFixture.js';

type TestCase = { classname: string; name: string; failure?: { message: string; type: string; '#text': string }; error?: { message: string; type: string; '#text': string } };
type TestSuite = { name: string; tests: string; failures: string; errors: string; testcase: TestCase[] };
type Parsed = { testsuites: { tests: string; failures: string; errors: string; testsuite: TestSuite[] } };

function parse(xml: string): Parsed {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Parsed;
}

describe('output/junitReport', () => {
  const xml = renderJUnitReport(fixturePlan());
  const report = parse(xml);
  const suites = report.testsuites.testsuite;

  it('Given the fixture plan, Then the report is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).to.equal(true);
  });

  it('Given targets, Then there is one suite per target named by alias or username, with correct counts', () => {
    expect(suites.map((s) => [s.name, s.tests, s.failures, s.errors])).to.deep.equal([
      ['uat', '7', '6', '0'],
      ['prod', '2', '0', '0'],
      ['qa@example.com', '1', '0', '1'],
      [SPECIAL_TARGET, '1', '1', '0'],
    ]);
    expect([report.testsuites.tests, report.testsuites.failures, report.testsuites.errors]).to.deep.equal(['11', '7', '1']);
  });

  it('Given components, Then each is a test case named Type:fullName, drift a failure listing its changes', () => {
    const layout = suites[0].testcase[0];
    expect(layout.classname).to.equal('uat');
    expect(layout.name).to.equal('Layout:Account-Account Layout');
    expect(layout.failure?.message).to.equal('4 changes');
    expect(layout.failure?.type).to.equal('update');
    expect(layout.failure?.['#text'].split('\n')).to.deep.equal([
      '+ excludeButtons[Clone]',
      '+ layoutSections[Account Information].layoutItems[Industry]',
      '+   <layoutItems>',
      '+     <behavior>Edit</behavior>',
      '+     <field>Industry</field>',
      '+   </layoutItems>',
      '- layoutSections[Account Information].layoutItems[Custom__c]',
      '-   <layoutItems>',
      '-     <behavior>Edit</behavior>',
      '-     <field>Custom__c</field>',
      '-   </layoutItems>',
      '~ layoutSections[Account Information].style: OneColumn -> TwoColumnsTopToBottom',
    ]);
    expect(suites[0].testcase[2].failure?.['#text']).to.include('! cannot be undone: GlobalValueSet Rating');
    expect(suites[0].testcase[6]).to.deep.equal({ classname: 'uat', name: 'CompactLayout:Account.Compact' });
    expect(suites[1].testcase.every((c) => c.failure === undefined)).to.equal(true);
  });

  it('Given an errored target, Then it is one test case with an error carrying the message and actions', () => {
    const [errored] = suites[2].testcase;
    expect(suites[2].testcase).to.have.length(1);
    expect(errored.error?.type).to.equal('AuthError');
    expect(errored.error?.message).to.equal('No authorization information found for qa@example.com.');
    expect(errored.error?.['#text']).to.include('Try: Log in with "sf org login web --alias qa".');
  });

  it('Given names with &, <, quotes and unicode, Then they are escaped and read back unchanged', () => {
    const [special] = suites[3].testcase;
    expect(special.classname).to.equal(SPECIAL_TARGET);
    expect(special.name).to.equal(`Layout:${SPECIAL_LAYOUT}`);
    expect(special.failure?.['#text']).to.equal('~ layoutSections[A & B <"x">].label: R&D -> <b>`code`</b> | ü');
    expect(xml).to.include('name="R&amp;D &lt;&quot;sandbox&quot;&gt; | ü 🚀"');
  });

  it('Given characters XML cannot hold, Then they are replaced and line breaks in attributes survive', () => {
    expect(junitText('a\u0000b\u001bc\ud800d')).to.equal('a\ufffdb\ufffdc\ufffdd');
    expect(junitText('🚀')).to.equal('🚀');
    expect(junitAttribute('x\ny\'"')).to.equal('x&#10;y&apos;&quot;');
    const plan = fixturePlan();
    plan.targets[2].error = { name: 'E', message: 'line1\nline2 \u0007 & <done>' };
    const output = renderJUnitReport(plan);
    expect(XMLValidator.validate(output)).to.equal(true);
    expect(parse(output).testsuites.testsuite[2].testcase[0].error?.message).to.equal('line1\nline2 \ufffd & <done>');
  });
});
