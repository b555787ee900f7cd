import { expect } from 'chai';
import { changeElementLines, componentDetailLines, formatChangeLine, formatValue, printable, truncate } from '../../../src/output/changeLines.js';
import { driftTotalLine, targetDrift } from '../../../src/output/driftTotals.js';
import { component, fixturePlan, UAT_COMPONENTS } from './planFixture.js';

describe('output/changeLines', () => {
  describe('formatValue', () => {
    it('Given scalars, Then they read as written, absent values as (none)', () => {
      expect(formatValue(true)).to.equal('true');
      expect(formatValue(42)).to.equal('42');
      expect(formatValue('OneColumn')).to.equal('OneColumn');
      expect(formatValue(null)).to.equal('(none)');
      expect(formatValue(undefined)).to.equal('(none)');
    });

    it('Given a string that could be read as another value, Then it is quoted', () => {
      expect(formatValue('true')).to.equal('"true"');
      expect(formatValue('12')).to.equal('"12"');
      expect(formatValue('')).to.equal('""');
      expect(formatValue(' padded')).to.equal('" padded"');
      expect(formatValue('a\nb')).to.equal('"a\\nb"');
      expect(formatValue('a -> b')).to.equal('"a -> b"');
    });

    it('Given objects and lists, Then they read as compact JSON', () => {
      expect(formatValue({ behavior: 'Edit', field: 'Industry' })).to.equal('{"behavior":"Edit","field":"Industry"}');
      expect(formatValue(['a', 1])).to.equal('["a",1]');
    });

    it('Given a long value, Then it is cut at the limit with an ellipsis, never inside a surrogate pair', () => {
      expect(formatValue('x'.repeat(100), 10)).to.equal('xxxxxxxxx…');
      expect(Array.from(formatValue('🚀'.repeat(20), 5))).to.deep.equal(['🚀', '🚀', '🚀', '🚀', '…']);
      expect(truncate('short', 10)).to.equal('short');
    });
  });

  describe('formatChangeLine', () => {
    it('Given an add of a keyed child element, Then the line reads + path, and the element follows in full as XML lines', () => {
      const change = { op: 'add' as const, path: 'layoutSections[Account Information].layoutItems[Industry]', after: { field: 'Industry' } };
      expect(formatChangeLine(change)).to.equal('+ layoutSections[Account Information].layoutItems[Industry]');
      expect(changeElementLines(change)).to.deep.equal(['+   <layoutItems>', '+     <field>Industry</field>', '+   </layoutItems>']);
    });

    it('Given an added section with a long custom label and nested lists, Then nothing is cut and lists repeat their tag', () => {
      const label = 'Delivery details for the implementation team, kept in sync with the project plan';
      const section = { customLabel: true, label, layoutColumns: [{ layoutItems: [{ behavior: 'Edit', field: 'Go_Live__c' }, { behavior: 'Readonly', field: 'Budget__c' }] }, {}] };
      const lines = changeElementLines({ op: 'add', path: 'layoutSections[Delivery]', after: section });
      expect(lines).to.deep.equal([
        '+   <layoutSections>',
        '+     <customLabel>true</customLabel>',
        `+     <label>${label}</label>`,
        '+     <layoutColumns>',
        '+       <layoutItems>',
        '+         <behavior>Edit</behavior>',
        '+         <field>Go_Live__c</field>',
        '+       </layoutItems>',
        '+       <layoutItems>',
        '+         <behavior>Readonly</behavior>',
        '+         <field>Budget__c</field>',
        '+       </layoutItems>',
        '+     </layoutColumns>',
        '+     <layoutColumns/>',
        '+   </layoutSections>',
      ]);
    });

    it('Given a removed element and a fold of 3 lines, Then the first 3 lines show and the rest is counted', () => {
      const lines = changeElementLines({ op: 'remove', path: 'fieldPermissions[Account.Rating]', before: { editable: true, field: 'Account.Rating', readable: true } }, 3);
      expect(lines).to.deep.equal(['-   <fieldPermissions>', '-     <editable>true</editable>', '-     <field>Account.Rating</field>', '-   … 2 more lines folded']);
    });

    it('Given element text with markup or a terminal escape, Then it is escaped, never acted on', () => {
      expect(changeElementLines({ op: 'add', path: 'x[a]', after: { label: '<b>\u001b[31m&' } })).to.deep.equal(['+   <x>', '+     <label>&lt;b&gt;\\u001b[31m&amp;</label>', '+   </x>']);
    });

    it('Given a value that only repeats the last key of its path, Then the value is left out', () => {
      expect(formatChangeLine({ op: 'add', path: 'excludeButtons[Clone]', before: null, after: 'Clone' })).to.equal('+ excludeButtons[Clone]');
      expect(formatChangeLine({ op: 'remove', path: 'picklistValues[Hot]', before: 'Hot', after: null })).to.equal('- picklistValues[Hot]');
    });

    it('Given a change, Then it reads ~ path: before -> after', () => {
      expect(formatChangeLine({ op: 'change', path: 'fieldPermissions[Account.Rating].editable', before: false, after: true })).to.equal(
        '~ fieldPermissions[Account.Rating].editable: false -> true'
      );
    });

    it('Given the whole-component path, Then it says what is true of the component', () => {
      expect(formatChangeLine({ op: 'add', path: '' })).to.equal('+ (whole component): missing in the target');
      expect(formatChangeLine({ op: 'remove', path: '' })).to.equal('- (whole component): only in the target');
      expect(formatChangeLine({ op: 'change', path: '' })).to.equal('~ (whole component): differs');
    });

    it('Given a path with control characters, Then they are shown as escapes, never sent to a terminal', () => {
      expect(formatChangeLine({ op: 'add', path: 'labels[\u001b[31mX\nY]' })).to.equal('+ labels[\\u001b[31mX\\u000aY]');
      expect(printable('tab\there')).to.equal('tab\\u0009here');
    });
  });

  describe('componentDetailLines', () => {
    it('Given a component with every kind of fact, Then lines come as: whole, changes, destructive, irreversible, notes', () => {
      const lines = componentDetailLines(
        component({
          type: 'Report',
          fullName: 'R',
          action: 'update',
          comparedAsWhole: true,
          changes: [{ op: 'change', path: '' }],
          destructiveChildren: [{ type: 'CustomField', fullName: 'A.B__c' }],
          irreversible: ['step'],
          notes: ['kept'],
        })
      );
      expect(lines).to.deep.equal([
        { kind: 'whole', text: '= compared as a whole: Report has no element-level rules' },
        { kind: 'change', text: '~ (whole component): differs' },
        { kind: 'destructive', text: '- deletes CustomField A.B__c (destructive change)' },
        { kind: 'irreversible', text: '! cannot be undone: step' },
        { kind: 'note', text: '# note: kept' },
      ]);
    });
  });

  describe('driftTotals', () => {
    it('Given the fixture plan, Then the total line counts drifting targets, components, changes and failures', () => {
      expect(driftTotalLine(fixturePlan())).to.equal('2 of 4 targets drift: 7 components, 11 changes; 1 target failed');
    });

    it('Given a plan without drift, Then the total line says so', () => {
      const plan = fixturePlan();
      plan.targets = [plan.targets[1]];
      expect(driftTotalLine(plan)).to.equal('no drift in 1 target');
    });

    it('Given a target, Then its counts come from its components', () => {
      expect(targetDrift({ ...fixturePlan().targets[0], components: UAT_COMPONENTS })).to.deep.equal({
        create: 1,
        update: 5,
        delete: 0,
        noop: 1,
        blocked: 0,
        drifting: 6,
        changes: 10,
      });
    });
  });
});

describe('change lines that say what will happen', () => {
  it('Given a value the reference has active and the target deactivated, Then it reads as a reactivation, not a removal', () => {
    expect(formatChangeLine({ op: 'remove', path: 'customValue[LATAM].isActive', before: 'false' })).to.equal('~ customValue[LATAM].isActive: false -> true (the value is reactivated)');
  });

  it('Given a reorder of many columns, Then the line names what moves and where, and the whole new order, never a cut JSON array', () => {
    const before = ['ACCOUNT.NAME', 'ACCOUNT.PHONE1', 'ACCOUNT.INDUSTRY', 'ACCOUNT.TYPE', 'ACCOUNT.RATING', 'CORE.USERS.ALIAS'];
    const after = ['ACCOUNT.INDUSTRY', 'ACCOUNT.NAME', 'ACCOUNT.PHONE1', 'ACCOUNT.TYPE', 'ACCOUNT.RATING', 'CORE.USERS.ALIAS'];
    const line = formatChangeLine({ op: 'change', path: 'columns', before, after });
    expect(line).to.equal(`~ columns (order): moves ACCOUNT.INDUSTRY to position 1 (first); new order: ${after.join(', ')}`);
    expect(line).to.not.include('…').and.not.include('["');
  });

  it('Given a reorder beside an added column, Then each move names its position and neighbour in the whole new order', () => {
    const line = formatChangeLine({ op: 'change', path: 'columns', before: ['CITY', 'NAME', 'TYPE'], after: ['NAME', 'PHONE', 'CITY', 'TYPE'] });
    expect(line).to.equal('~ columns (order): moves CITY to position 3 (after PHONE); new order: NAME, PHONE, CITY, TYPE');
  });

  it('Given a column added to an ordered list, Then the line says where it goes: after its neighbour, or at the start', () => {
    expect(formatChangeLine({ op: 'add', path: 'columns[ACCOUNT.PHONE1]', after: 'ACCOUNT.PHONE1', placedAfter: 'ACCOUNT.NAME' })).to.equal('+ columns[ACCOUNT.PHONE1] (after ACCOUNT.NAME)');
    expect(formatChangeLine({ op: 'add', path: 'columns[ACCOUNT.PHONE1]', after: 'ACCOUNT.PHONE1', placedAfter: null })).to.equal('+ columns[ACCOUNT.PHONE1] (at the start)');
    expect(formatChangeLine({ op: 'add', path: 'customButtons[Call]', after: 'Call' })).to.equal('+ customButtons[Call]');
  });
});
