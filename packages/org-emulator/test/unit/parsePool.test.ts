import { expect } from 'chai';
import { POOLED_DOCUMENT_CHARS, ParsePool, readDocument } from '../../src/parsePool.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const entry = (i: number): string => `    <fieldPermissions>\n        <editable>true</editable>\n        <field>Account.F${i}__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n`;
/** A profile over the pool's threshold. */
function bigProfile(tail = '    <custom>true</custom>\n'): string {
  const entries: string[] = [];
  for (let i = 0, size = 0; size < POOLED_DOCUMENT_CHARS; i++) {
    entries.push(entry(i));
    size += entries[i].length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Profile ${NS}>\n    <custom>true</custom>\n${entries.join('')}${tail}</Profile>\n`;
}

describe('ParsePool (big seed documents read in worker threads)', () => {
  it('Given big documents, good, out of schema order and malformed, Then each outcome is the one read in this thread', async () => {
    const documents = [bigProfile(''), bigProfile(), bigProfile('    <fieldPermissions><oops></fieldPermissions>\n')];
    const pool = new ParsePool(2);
    try {
      const outcomes = await Promise.all(documents.map((xml) => pool.read(xml, '62.0')));
      expect(pool.threads, 'read in worker threads, not in this one').to.equal(2);
      expect(outcomes).to.deep.equal(documents.map((xml) => readDocument(xml, '62.0')));
      expect('body' in outcomes[0]).to.equal(true);
      expect(outcomes[1]).to.have.property('problem').that.includes('custom invalid at this location');
      expect(outcomes[2]).to.have.property('problem').that.includes('Error parsing file');
    } finally {
      await pool.close();
    }
  });
});
