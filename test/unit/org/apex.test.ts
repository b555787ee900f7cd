import { expect } from 'chai';
import { apexOutcomeOf, executeAnonymousEnvelope } from '../../../src/org/apex.js';

/** An answer as jsforce parses the SOAP XML: prefixed keys, text values, `xsi:nil` elements as objects. */
function answer(result: Record<string, unknown>, debugLog?: string): unknown {
  return {
    'soapenv:Envelope': {
      ...(debugLog === undefined ? {} : { 'soapenv:Header': { DebuggingInfo: { debugLog } } }),
      'soapenv:Body': { executeAnonymousResponse: { result } },
    },
  };
}
const NIL = { $: { 'xsi:nil': 'true' } };

describe('anonymous Apex answers', () => {
  it('Given a success, Then compiled and success with the log; nil fields are left out', () => {
    const outcome = apexOutcomeOf(answer({ column: '-1', compileProblem: NIL, compiled: 'true', exceptionMessage: NIL, exceptionStackTrace: NIL, line: '-1', success: 'true' }, 'LOG'));
    expect(outcome).to.deep.equal({ compiled: true, success: true, line: -1, column: -1, debugLog: 'LOG' });
  });

  it('Given a compile error, Then line, column and problem are the compiler\'s', () => {
    const outcome = apexOutcomeOf(answer({ column: '8', compileProblem: 'Unexpected token', compiled: 'false', exceptionMessage: NIL, exceptionStackTrace: NIL, line: '2', success: 'false' }));
    expect(outcome).to.deep.equal({ compiled: false, success: false, line: 2, column: 8, compileProblem: 'Unexpected token', debugLog: '' });
  });

  it('Given an uncaught exception, Then line and column come from its stack trace', () => {
    const outcome = apexOutcomeOf(
      answer({ column: '-1', compileProblem: NIL, compiled: 'true', exceptionMessage: 'System.DmlException: x', exceptionStackTrace: 'AnonymousBlock: line 4, column 1', line: '-1', success: 'false' })
    );
    expect(outcome).to.include({ compiled: true, success: false, line: 4, column: 1, exceptionMessage: 'System.DmlException: x' });
  });

  it('Given an answer without a result, Then it is an error, not a success', () => {
    expect(() => apexOutcomeOf({ 'soapenv:Envelope': { 'soapenv:Body': {} } })).to.throw('without a result');
  });

  it('Given a block with XML characters, Then the envelope escapes them and asks for the debug log', () => {
    const envelope = executeAnonymousEnvelope('SESSION', "if (a < b && c > d) System.debug('x');");
    expect(envelope).to.contain('<apexcode>if (a &lt; b &amp;&amp; c &gt; d) System.debug(&apos;x&apos;);</apexcode>');
    expect(envelope).to.contain('<apex:debugLevel>DEBUGONLY</apex:debugLevel>');
  });
});
