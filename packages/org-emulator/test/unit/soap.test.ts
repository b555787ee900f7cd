import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { SoapRequestError, parseSoapRequest, soapFault, soapResponse } from '../../src/soap.js';

// the brief's shared/ folder lies beside the project's checkout (a CI clone gets a copy there)
const BESIDE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'shared', 'wire');
const WIRE = existsSync(BESIDE) ? BESIDE : '/work/shared/wire';
const envelope = (name: string): string => readFileSync(`${WIRE}/${name}.request.xml`, 'utf8');
const SESSION = '00D000000000001AAA!mocktoken';

/** The body's first element, as jsforce reads it. */
function bodyOf(xml: string): { envelopeTag: string; bodyTag: string; bodyAttributes: string; first: string } {
  const match = /^<\?xml[^>]*\?><([\w:]+Envelope)[^>]*><([\w:]+Body)([^>]*)><([\w:]+)[ >]/.exec(xml);
  if (!match) throw new Error(`not a SOAP envelope: ${xml.slice(0, 200)}`);
  return { envelopeTag: match[1], bodyTag: match[2], bodyAttributes: match[3], first: match[4] };
}

describe('emulator SOAP', () => {
  describe('parseSoapRequest on the envelopes jsforce sends (docs/wire.md)', () => {
    it('Given retrieve, Then the request, its types and members come out', () => {
      const request = parseSoapRequest(envelope('retrieve'));
      expect(request.operation).to.equal('retrieve');
      expect(request.sessionId).to.equal(SESSION);
      const unpackaged = (request.args.request as Record<string, Record<string, unknown>>).unpackaged;
      expect(unpackaged.types).to.deep.equal([
        { members: ['Account'], name: 'CustomObject' },
        { members: ['Account-Account Layout'], name: 'Layout' },
        { members: ['X'], name: 'PermissionSet' },
        { members: ['Admin'], name: 'Profile' },
      ]);
      expect(unpackaged.version).to.equal('62.0');
    });

    it('Given checkRetrieveStatus, Then the async process id comes out', () => {
      const request = parseSoapRequest(envelope('checkRetrieveStatus'));
      expect(request).to.deep.equal({ sessionId: SESSION, operation: 'checkRetrieveStatus', args: { asyncProcessId: '09S000000000001AAA' } });
    });

    it('Given deploy, Then the zip and the deploy options come out as text', () => {
      const request = parseSoapRequest(envelope('deploy'));
      expect(request.operation).to.equal('deploy');
      // the recorded envelope keeps only the head of the base64 zip
      expect(request.args.ZipFile).to.be.a('string').and.match(/^UEsDB/);
      expect(Buffer.from(request.args.ZipFile as string, 'base64').subarray(0, 2).toString('latin1')).to.equal('PK');
      expect(request.args.DeployOptions).to.deep.equal({ rollbackOnError: 'true', ignoreWarnings: 'false', checkOnly: 'false', singlePackage: 'true' });
    });

    it('Given checkDeployStatus, Then the id and includeDetails come out', () => {
      const request = parseSoapRequest(envelope('checkDeployStatus'));
      expect(request.args).to.deep.equal({ asyncProcessId: '0Af000000000001AAA', includeDetails: 'true' });
    });

    it('Given listMetadata, Then the queries are a list even with one entry', () => {
      const request = parseSoapRequest(envelope('listMetadata'));
      expect(request.args).to.deep.equal({ queries: [{ type: 'Layout' }, { type: 'Profile' }], asOfVersion: '62.0' });
      const one = parseSoapRequest(envelope('listMetadata').replace('<queries><type>Profile</type></queries>', ''));
      expect(one.args.queries).to.deep.equal([{ type: 'Layout' }]);
    });

    it('Given describeMetadata, Then asOfVersion comes out', () => {
      expect(parseSoapRequest(envelope('describeMetadata'))).to.deep.equal({ sessionId: SESSION, operation: 'describeMetadata', args: { asOfVersion: '62.0' } });
    });

    it('Given no session header, Then the session id is undefined', () => {
      const request = parseSoapRequest(envelope('describeMetadata').replace(/<soapenv:Header.*<\/soapenv:Header>/, ''));
      expect(request.sessionId).to.equal(undefined);
      expect(request.operation).to.equal('describeMetadata');
    });

    for (const [what, body] of [
      ['no envelope', '<foo/>'],
      ['an empty body', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body></soapenv:Body></soapenv:Envelope>'],
      ['plain text', 'hello'],
    ]) {
      it(`Given ${what}, Then SoapRequestError is thrown`, () => {
        expect(() => parseSoapRequest(body)).to.throw(SoapRequestError);
      });
    }
  });

  describe('soapResponse', () => {
    it('Given a result, Then the envelope is prefixed, the Body has no attributes and children are unprefixed', () => {
      const xml = soapResponse('checkRetrieveStatus', { done: true, id: '09S', status: 'Succeeded', success: true, missing: undefined, zipFile: Buffer.from('zip') });
      const shape = bodyOf(xml);
      expect(shape).to.deep.equal({ envelopeTag: 'soapenv:Envelope', bodyTag: 'soapenv:Body', bodyAttributes: '', first: 'checkRetrieveStatusResponse' });
      expect(xml).to.match(/<soapenv:Envelope [^>]*xmlns="http:\/\/soap.sforce.com\/2006\/04\/metadata"/);
      expect(xml).to.include('<result><done>true</done><id>09S</id><status>Succeeded</status><success>true</success><zipFile>emlw</zipFile></result>');
      expect(xml).not.to.include('missing');
      expect(xml).not.to.match(/<sf:/);
    });

    it('Given a readMetadata record for a missing name, Then xsi:nil keeps its value', () => {
      const xml = soapResponse('readMetadata', { records: [{ '@_xsi:nil': 'true' }] });
      expect(xml).to.include('<records xsi:nil="true"></records>');
    });

    it('Given a list, Then each item is its own <result>', () => {
      const xml = soapResponse('listMetadata', [{ fullName: 'A' }, { fullName: 'B' }]);
      expect(xml).to.include('<listMetadataResponse><result><fullName>A</fullName></result><result><fullName>B</fullName></result></listMetadataResponse>');
    });

    it('Given an answer, Then a namespace-aware reader finds the result under Envelope/Body', () => {
      const parsed = new XMLParser({ removeNSPrefix: true }).parse(soapResponse('deploy', { done: false, id: '0Af', state: 'Queued' })) as {
        Envelope: { Body: { deployResponse: { result: unknown } } };
      };
      expect(parsed.Envelope.Body.deployResponse.result).to.deep.equal({ done: false, id: '0Af', state: 'Queued' });
    });
  });

  describe('soapFault', () => {
    it('Given a fault, Then it is soapenv:Fault with faultcode and faultstring, as jsforce reads it', () => {
      const xml = soapFault('sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session');
      expect(bodyOf(xml).first).to.equal('soapenv:Fault');
      expect(xml).to.include('<soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring></soapenv:Fault>');
      // jsforce's session check
      expect(/<faultcode>[a-zA-Z]+:INVALID_SESSION_ID<\/faultcode>/.test(xml)).to.equal(true);
    });

    it('Given a message with markup characters, Then they are escaped', () => {
      expect(soapFault('soapenv:Client', 'a <b> & "c"')).to.include('<faultstring>a &lt;b&gt; &amp; &quot;c&quot;</faultstring>');
    });
  });
});
