/*
 * How long reading child components out of a retrieve zip takes (an object's file is the biggest a retrieve returns):
 *   node --import tsx bench/retrieveParse.ts [fields=2500] [listViews=16]
 * Builds in memory a retrieve zip holding one object file of about 800 KB (its fields and list
 * views, as an org returns a CustomObject in metadata format), then times componentsFromRetrieveZip
 * asking for every list view by name and by wildcard. Prints one JSON line; medians of 5 rounds.
 */
import { performance } from 'node:perf_hooks';
import JSZip from 'jszip';
import { componentsFromRetrieveZip } from '../src/org/metadataPackage.js';

const fieldCount = Number(process.argv[2] ?? '2500');
const listViewCount = Number(process.argv[3] ?? '16');
const OBJECT = 'Loan__c';

const field = (index: number): string =>
  `    <fields>\n        <fullName>Field_${index}__c</fullName>\n        <description>Field ${index} of the loan, kept for the bank's reporting.</description>\n        <externalId>false</externalId>\n        <label>Field ${index}</label>\n        <length>255</length>\n        <required>false</required>\n        <trackHistory>false</trackHistory>\n        <type>Text</type>\n        <unique>false</unique>\n    </fields>\n`;
const listView = (index: number): string =>
  `    <listViews>\n        <fullName>View_${index}</fullName>\n        <columns>NAME</columns>\n        <columns>Field_${index}__c</columns>\n        <filterScope>Everything</filterScope>\n        <label>View ${index}</label>\n    </listViews>\n`;

async function retrieveZip(): Promise<{ zip: Buffer; objectBytes: number }> {
  const fields = Array.from({ length: fieldCount }, (_, i) => field(i)).join('');
  const views = Array.from({ length: listViewCount }, (_, i) => listView(i)).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n${fields}    <label>Loan</label>\n${views}</CustomObject>\n`;
  const zip = new JSZip();
  zip.file(`unpackaged/objects/${OBJECT}.object`, xml);
  zip.file('unpackaged/package.xml', '<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>62.0</version></Package>');
  return { zip: await zip.generateAsync({ type: 'nodebuffer' }), objectBytes: Buffer.byteLength(xml) };
}

async function medianMs(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    // eslint-disable-next-line no-await-in-loop
    await run();
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[2]);
}

const { zip, objectBytes } = await retrieveZip();
const named = Array.from({ length: listViewCount }, (_, i) => ({ type: 'ListView', fullName: `${OBJECT}.View_${i}` }));
const byName = await medianMs(() => componentsFromRetrieveZip(zip, named));
const byWildcard = await medianMs(() => componentsFromRetrieveZip(zip, [{ type: 'ListView', fullName: '*' }]));
const found = (await componentsFromRetrieveZip(zip, named)).length;
process.stdout.write(`${JSON.stringify({ objectKB: Math.round(objectBytes / 1024), listViews: listViewCount, found, byNameMs: byName, byWildcardMs: byWildcard })}\n`);
