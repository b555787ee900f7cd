import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseXmlTree, parseXmlTreeByLibrary, xmlSyntaxError } from '../../../src/xml/parse.js';
import { readValueTree } from '../../../src/xml/valueTree.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function xmlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Key order included: serialization writes a tree in its key order. */
const same = (xml: string): void => {
  const direct = readValueTree(xml);
  const library = parseXmlTreeByLibrary(xml);
  if (direct !== undefined) expect(JSON.stringify(direct), xml).to.equal(JSON.stringify(library));
  expect(JSON.stringify(parseXmlTree(xml)), xml).to.equal(JSON.stringify(library));
};

/** A seeded generator of documents in the corners of XML that metadata files reach, and past them. */
function randomDocument(random: () => number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const names = ['a', 'b', 'fullName', 'value', 'xsi:nil', 'layoutItems', 'field', 'c-d', 'e.f'];
  const texts = ['x', ' x ', 'Gold &amp; Silver', '&lt;b&gt;', '&amp;lt;', '&quot;q&quot; &apos;a&apos;', '&#169; &#x41;', '&nbsp;', 'multi\n  line', 'a\r\nb', '\u00a0nb\u00a0', '  ', '', 'x/y > z', 'true', '12.0'];
  const attributes = ['', ' xsi:nil="true"', ' xmlns="http://soap.sforce.com/2006/04/metadata"', " a='1>2'", ' b="/"'];
  const spaces = ['', '\n', '\n    ', ' ', '\r\n  ', '\t'];
  const element = (depth: number): string => {
    const name = pick(names);
    const attribute = pick(attributes);
    const roll = random();
    if (roll < 0.12) return `<${name}${attribute}/>`;
    if (depth > 3 || roll < 0.5) {
      const text = roll < 0.47 ? pick(texts) : pick(['<!-- c -->x', 'x<!-- c -->', '<![CDATA[<raw>]]>', '<?pi x?>y']);
      return `<${name}${attribute}>${text}</${name}>`;
    }
    const children = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(spaces) + element(depth + 1));
    if (random() < 0.08) children.splice(Math.floor(random() * children.length), 0, pick(['stray', '&amp;', '<!-- note -->']));
    return `<${name}${attribute}>${children.join('')}${pick(spaces)}</${name}>`;
  };
  const declaration = pick(['', '<?xml version="1.0" encoding="UTF-8"?>\n', '\ufeff<?xml version="1.0"?>']);
  return `${declaration}${element(0)}${pick(['', '\n', '\n<!-- end -->\n'])}`;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d_2b_79_f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('xml/valueTree: the direct reader gives what fast-xml-parser gives', () => {
  it('Given every XML file of the test fixtures and the sample orgs, When read, Then the trees are the same, and most are read directly', () => {
    const files = [...xmlFilesUnder(join(root, 'test', 'fixtures')), ...xmlFilesUnder(join(root, 'packages', 'org-emulator', 'orgs'))];
    expect(files.length).to.be.greaterThan(100);
    let direct = 0;
    for (const file of files) {
      const xml = readFileSync(file, 'utf8');
      if (xmlSyntaxError(xml)) continue;
      same(xml);
      if (readValueTree(xml) !== undefined) direct += 1;
    }
    expect(direct / files.length).to.be.greaterThan(0.9);
  });

  it('Given 3000 seeded random well-formed documents (entities, attributes, CRLF, comments, CDATA, mixed content), When read, Then the trees are the same', () => {
    const random = prng(16);
    let checked = 0;
    let direct = 0;
    for (let i = 0; i < 3000; i++) {
      const xml = randomDocument(random);
      if (xmlSyntaxError(xml)) continue;
      checked += 1;
      same(xml);
      if (readValueTree(xml) !== undefined) direct += 1;
    }
    // both readers were exercised
    expect(checked).to.be.greaterThan(1500);
    expect(direct).to.be.greaterThan(300);
    expect(checked - direct).to.be.greaterThan(300);
  });

  it('Given what only fast-xml-parser reads, When read directly, Then the direct reader hands it over', () => {
    for (const xml of ['<a><!-- c --><b/></a>', '<a><![CDATA[x]]></a>', '<a>x<b/></a>', '<a><b/>x</a>', '<!DOCTYPE a><a/>', '<a><?pi?></a>', '<a><constructor>1</constructor></a>', `${'<a>'.repeat(101)}${'</a>'.repeat(101)}`, '<a>', '<a></b>', '']) {
      expect(readValueTree(xml), xml).to.equal(undefined);
    }
  });

  it('Given a reserved name as a tag, When read, Then fast-xml-parser refuses it as before', () => {
    expect(() => parseXmlTree('<a><__proto__>1</__proto__></a>')).to.throw(/reserved/);
  });
});
