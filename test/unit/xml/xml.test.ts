import { expect } from 'chai';
import {
  buildXmlNodes,
  escapeMetadataText,
  escapeXmlAttribute,
  escapeXmlText,
  isXmlElementNode,
  parseXmlNodes,
  parseXmlTree,
  parseXmlTreeByLibrary,
  readValueTree,
  xmlCharactersOnly,
  xmlNodeTag,
  xmlRoot,
  xmlSyntaxError,
} from '../../../src/xml/index.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';

describe('xml module', () => {
  describe('escaping', () => {
    const text = 'a & b < c > d "e" \'f\'\tg\nh\ri';

    it('Given element text, Then only & < > are escaped', () => {
      expect(escapeXmlText(text)).to.equal('a &amp; b &lt; c &gt; d "e" \'f\'\tg\nh\ri');
    });

    it('Given metadata text, Then quotes are escaped too, as Salesforce writes files', () => {
      expect(escapeMetadataText(text)).to.equal('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;\tg\nh\ri');
    });

    it('Given an attribute value, Then tab and line breaks become character references', () => {
      expect(escapeXmlAttribute(text)).to.equal('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#9;g&#10;h&#13;i');
    });

    it('Given an already escaped text, Then it is escaped again (no double-decoding shortcut)', () => {
      expect(escapeXmlText('&amp;')).to.equal('&amp;amp;');
    });

    it('Given characters XML cannot carry, Then they become U+FFFD and pairs stay whole', () => {
      expect(xmlCharactersOnly('a\u0000b\u001bc\ud800d\ufffe\t\n🚀')).to.equal('a\ufffdb\ufffdc\ufffdd\ufffd\t\n🚀');
    });

    it('Given escaped text, When parsed back, Then the original comes out', () => {
      const tree = parseXmlTree(`<r><v>${escapeMetadataText('x & <y> "z" \'w\'')}</v></r>`);
      expect(tree).to.deep.equal({ r: [{ v: ['x & <y> "z" \'w\''] }] });
    });
  });

  describe('value tree', () => {
    it('Given a metadata file, Then every tag is an array, values stay strings, declaration and attributes are dropped', () => {
      const tree = parseXmlTree(`<?xml version="1.0" encoding="UTF-8"?>
<Layout xmlns="${NS}">
    <layoutSections>
        <label>  Info  </label>
        <editHeading>true</editHeading>
        <columns>01</columns>
    </layoutSections>
</Layout>`);
      expect(tree).to.deep.equal({ Layout: [{ layoutSections: [{ label: ['Info'], editHeading: ['true'], columns: ['01'] }] }] });
      expect(xmlRoot(tree)?.tag).to.equal('Layout');
    });

    it('Given entities and character references, Then both are decoded, as any XML parser decodes them', () => {
      const tree = parseXmlTree('<r><a>&amp;&lt;&gt;&quot;&apos;</a><b>x&#10;y&#x41;</b></r>');
      expect(tree).to.deep.equal({ r: [{ a: ['&<>"\''], b: ['x\nyA'] }] });
    });

    it('Given an apostrophe written as &#39;, &#x27; or &apos;, Then it is the same text; an escaped ampersand before a reference stays text', () => {
      const xml = '<r><a>Don&#39;t</a><a>Don&#x27;t</a><a>Don&apos;t</a><a>Don\'t</a><b>&amp;#39; &#x2019; &#128512;</b></r>';
      const expected = { r: [{ a: ["Don't", "Don't", "Don't", "Don't"], b: ['&#39; \u2019 \u{1F600}'] }] };
      expect(parseXmlTree(xml)).to.deep.equal(expected);
      expect(parseXmlTreeByLibrary(xml)).to.deep.equal(expected);
    });

    it('Given a reference the direct reader does not decode (an HTML name), Then the library reads the document, the same way', () => {
      const xml = '<r><a>&nbsp;&#39;</a></r>';
      expect(readValueTree(xml)).to.equal(undefined);
      expect(parseXmlTree(xml)).to.deep.equal(parseXmlTreeByLibrary(xml));
    });

    it('Given character references, When parsed in order and built again, Then they are written as their character, escaped where XML needs it, never as &amp;#', () => {
      const built = buildXmlNodes(parseXmlNodes('<r><a>Don&#39;t &#x2019; &amp;#39;</a></r>'));
      expect(built).to.include('<a>Don&apos;t \u2019 &amp;#39;</a>');
    });

    it('Given mixed content, Then the text beside child elements is kept under #text', () => {
      const tree = parseXmlTree('<r><a>1</a>stray<b>2</b></r>');
      expect(tree.r[0]).to.deep.include({ a: ['1'], b: ['2'] });
      expect((tree.r[0] as Record<string, unknown>)['#text']).to.equal('stray');
    });

    it('Given namespaced tags, Then their prefixes are kept as written', () => {
      const tree = parseXmlTree('<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><v xsi:nil="true"/><xsi:w>1</xsi:w></r>');
      expect(tree).to.deep.equal({ r: [{ v: [''], 'xsi:w': ['1'] }] });
    });

    it('Given an empty document, Then it has no root', () => {
      expect(xmlRoot(parseXmlTree(''))).to.equal(undefined);
    });
  });

  describe('ordered nodes', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="${NS}">
    <custom>true</custom>
    <userLicense>Sales &amp; Service</userLicense>
    <custom>false</custom>
</Profile>`;

    it('Given a document, Then the declaration, the root attributes and the element order are kept', () => {
      const nodes = parseXmlNodes(xml);
      expect(nodes.map(xmlNodeTag)).to.deep.equal(['?xml', 'Profile']);
      const root = nodes.find(isXmlElementNode)!;
      expect(root[':@']).to.deep.equal({ '@_xmlns': NS });
      expect((root.Profile as Array<Record<string, unknown>>).map(xmlNodeTag)).to.deep.equal(['custom', 'userLicense', 'custom']);
    });

    it('Given parsed nodes, When built, Then the same document comes back, four-space indented and escaped', () => {
      expect(buildXmlNodes(parseXmlNodes(xml)).trim()).to.equal(xml);
    });

    it('Given text and the declaration, Then they are not elements', () => {
      expect(isXmlElementNode({ '#text': 'x' })).to.equal(false);
      expect(isXmlElementNode({ '?xml': [] })).to.equal(false);
      expect(isXmlElementNode({ a: [] })).to.equal(true);
    });
  });

  describe('well-formedness', () => {
    it('Given a truncated document, Then the error names its line', () => {
      const error = xmlSyntaxError('<r>\n<a>1</a>\n<b>');
      expect(error?.line).to.be.a('number');
      expect(error?.message).to.be.a('string').and.not.equal('');
    });

    it('Given a well-formed document, Then there is no error', () => {
      expect(xmlSyntaxError(`<r xmlns="${NS}"><a>1</a></r>`)).to.equal(undefined);
    });
  });
});
