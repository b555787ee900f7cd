import { expect } from 'chai';
import { parseMultipart } from '../../src/restApi.js';

function multipart(boundary: string, parts: Array<{ name: string; filename?: string; type: string; content: Buffer }>): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.type}\r\n\r\n`), part.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('emulator REST', () => {
  describe('parseMultipart', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0d, 0x0a, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const json = Buffer.from(JSON.stringify({ deployOptions: { checkOnly: true } }));

    it('Given a deployRequest body, Then the zip and entity_content parts come back byte for byte', () => {
      const body = multipart('----form123', [
        { name: 'entity_content', type: 'application/json', content: json },
        { name: 'file', filename: 'deploy.zip', type: 'application/zip', content: zip },
      ]);
      const parts = parseMultipart(body, 'multipart/form-data; boundary=----form123');
      expect([...parts.keys()]).to.deep.equal(['entity_content', 'file']);
      expect(parts.get('file')!.equals(zip)).to.equal(true);
      expect(JSON.parse(parts.get('entity_content')!.toString('utf8'))).to.deep.equal({ deployOptions: { checkOnly: true } });
    });

    it('Given a quoted boundary, Then it is understood', () => {
      const body = multipart('abc def', [{ name: 'file', type: 'application/zip', content: zip }]);
      expect(parseMultipart(body, 'multipart/form-data; boundary="abc def"').get('file')!.equals(zip)).to.equal(true);
    });

    it('Given no boundary, Then there are no parts', () => {
      expect(parseMultipart(Buffer.from('x'), 'multipart/form-data').size).to.equal(0);
    });

    it('Given a part without a name, Then it is skipped', () => {
      const body = Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nzip\r\n--b--\r\n');
      const parts = parseMultipart(body, 'multipart/form-data; boundary=b');
      expect([...parts.keys()]).to.deep.equal(['file']);
      expect(parts.get('file')!.toString()).to.equal('zip');
    });

    it('Given a truncated body, Then the incomplete part is dropped, not misread', () => {
      const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nzip-without-end');
      expect(parseMultipart(body, 'multipart/form-data; boundary=b').size).to.equal(0);
    });
  });
});
