import { expect } from 'chai';
import { classifyFault, describeError, shortError } from '../../../src/org/errors.js';

/** An error as jsforce's HttpApiError builds it: name = errorCode. */
function apiError(message: string, errorCode: string, extra: Record<string, unknown> = {}): Error {
  const error = new Error(message);
  error.name = errorCode;
  return Object.assign(error, { errorCode }, extra);
}

function htmlError(status: number, html: string): Error {
  return apiError(
    `HTTP response contains html content.\nCheck that the org exists and can be reached.\n\nHTTP status code: ${status}.\nREST API Status Codes and Error Responses:\nhttps://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm\n\nSee \`error.data\` for the full html response.`,
    `ERROR_HTTP_${status}`,
    { data: html }
  );
}

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('org errors', () => {
  describe('classifyFault', () => {
    const cases: Array<[string, unknown, ReturnType<typeof classifyFault>]> = [
      ['a SOAP INVALID_SESSION_ID fault', apiError('INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session', 'sf:INVALID_SESSION_ID'), 'invalidSession'],
      ['a REST 401 session error', apiError('Session expired or invalid', 'INVALID_SESSION_ID'), 'invalidSession'],
      ['a REQUEST_LIMIT_EXCEEDED fault', apiError('REQUEST_LIMIT_EXCEEDED: ConcurrentPerOrgLongTxn Limit exceeded.', 'sf:REQUEST_LIMIT_EXCEEDED'), 'requestLimit'],
      ['an HTML 500 page', htmlError(500, '<html><body><h1>500 Internal Server Error</h1></body></html>'), 'transient'],
      ['a plain HTTP 502', apiError('Bad Gateway', 'ERROR_HTTP_502'), 'transient'],
      ['an HTML 503 page', htmlError(503, '<html><body><h1>503 Service Unavailable</h1></body></html>'), 'refused'],
      ['SERVER_UNAVAILABLE', apiError('SERVER_UNAVAILABLE: try later', 'SERVER_UNAVAILABLE'), 'refused'],
      ['ECONNRESET', systemError('read ECONNRESET', 'ECONNRESET'), 'transient'],
      ['socket hang up', systemError('socket hang up', 'ECONNRESET'), 'transient'],
      ['a request timeout', new Error('RequestTimeout: deploy status check on tgt got no answer within 2000 ms'), 'transient'],
      ['a fetch failure with a cause', Object.assign(new TypeError('fetch failed'), { cause: systemError('other side closed', 'UND_ERR_SOCKET') }), 'transient'],
      ['ECONNREFUSED', systemError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), 'refused'],
      ['a validation error', apiError('FIELD_INTEGRITY_EXCEPTION: Account Layout: field Foo__c does not exist', 'FIELD_INTEGRITY_EXCEPTION'), 'fatal'],
      ['a validation error that mentions a number like 500', apiError('STRING_TOO_LONG: Description: data value too large (max length=500)', 'STRING_TOO_LONG'), 'fatal'],
      ['a deploy failure on line 503', apiError('Error parsing file: line 503, column 4', 'DEPLOYMENT_FAILED'), 'fatal'],
      ['a string', 'something odd', 'fatal'],
    ];
    for (const [what, error, kind] of cases) {
      it(`Given ${what}, Then it is ${kind}`, () => {
        expect(classifyFault(error)).to.equal(kind);
      });
    }
  });

  describe('describeError', () => {
    it('Given an error with code, errorCode and cause, Then all are in the description', () => {
      const error = Object.assign(new Error('outer'), { errorCode: 'X_CODE', code: 'ECODE', cause: new Error('inner') });
      const text = describeError(error);
      expect(text).to.include('outer').and.include('X_CODE').and.include('ECODE').and.include('inner');
    });
  });

  describe('shortError', () => {
    it('Given a message with an access token, Then the token is redacted', () => {
      const token = '00D000000000001!AQ4AQBv8.hH7xX_kR1-abcDEF_ghi-jkl';
      const text = shortError(new Error(`request with ${token} failed`));
      expect(text).to.include('<redacted>');
      expect(text).not.to.include('AQ4AQBv8');
      expect(text).not.to.include('ghi-jkl');
      expect(text).to.include('failed');
    });

    it('Given an 18-character org id in the token, Then it is redacted too', () => {
      const text = shortError('Bearer 00D5g000004Xy1zEAC!ARkAQK3zQm9');
      expect(text).to.equal('Bearer <redacted>');
    });

    it('Given a multi-line or long message, Then only the first line, at most 300 characters, remains', () => {
      expect(shortError(new Error('first\nsecond'))).to.equal('first');
      expect(shortError('x'.repeat(1000))).to.have.length(300);
    });
  });
});
