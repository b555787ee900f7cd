/*
 * Anonymous Apex in an org, through the SOAP Apex API as `sf apex run` sends it (@salesforce/apex-node
 * ExecuteService): `POST /services/Soap/s/<version>/<orgId>` with a DebuggingHeader, so that the
 * debug log comes back in the same answer. A block is never sent twice unless the org refused it
 * before running it.
 */
import { OrgHandle } from './connect.js';
import { DEPLOY_SUBMIT_POLICY, withRetries } from './retry.js';
import { OrgOperationOptions } from './types.js';

/** What the org answered (ExecuteAnonymousResult) and the debug log of the run. */
export type ApexOutcome = {
  compiled: boolean;
  success: boolean;
  /** where the compiler stopped (compiled false) or, for an exception, from its stack trace; -1 when none */
  line: number;
  column: number;
  compileProblem?: string;
  exceptionMessage?: string;
  exceptionStackTrace?: string;
  debugLog: string;
};

const APEX_NS = 'http://soap.sforce.com/2006/08/apex';

function escapeXml(raw: string): string {
  return raw.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function executeAnonymousEnvelope(sessionId: string, apexCode: string): string {
  return (
    `<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:apex="${APEX_NS}">` +
    `<env:Header><apex:SessionHeader><apex:sessionId>${sessionId}</apex:sessionId></apex:SessionHeader>` +
    '<apex:DebuggingHeader><apex:debugLevel>DEBUGONLY</apex:debugLevel></apex:DebuggingHeader></env:Header>' +
    `<env:Body><executeAnonymous xmlns="${APEX_NS}"><apexcode>${escapeXml(apexCode)}</apexcode></executeAnonymous></env:Body></env:Envelope>`
  );
}

/** A text field of the parsed answer; jsforce turns `xsi:nil` elements into objects. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

type SoapAnswer = Record<string, Record<string, unknown> | undefined>;

/** The outcome from the answer jsforce parsed (prefixed keys, as apex-node reads them). */
export function apexOutcomeOf(answer: unknown): ApexOutcome {
  const envelope = (answer as SoapAnswer)['soapenv:Envelope'] ?? {};
  const body = envelope['soapenv:Body'] as { executeAnonymousResponse?: { result?: Record<string, unknown> } } | undefined;
  const result = body?.executeAnonymousResponse?.result;
  if (!result) throw new Error('the org answered executeAnonymous without a result');
  const header = envelope['soapenv:Header'] as { DebuggingInfo?: { debugLog?: unknown } } | undefined;
  const stack = text(result.exceptionStackTrace);
  const at = /line (\d+), column (\d+)/.exec(stack ?? '');
  const compiled = result.compiled === 'true' || result.compiled === true;
  return {
    compiled,
    success: result.success === 'true' || result.success === true,
    line: compiled && at ? Number(at[1]) : Number(result.line ?? -1),
    column: compiled && at ? Number(at[2]) : Number(result.column ?? -1),
    ...(text(result.compileProblem) ? { compileProblem: text(result.compileProblem) } : {}),
    ...(text(result.exceptionMessage) ? { exceptionMessage: text(result.exceptionMessage) } : {}),
    ...(stack ? { exceptionStackTrace: stack } : {}),
    debugLog: text(header?.DebuggingInfo?.debugLog) ?? '',
  };
}

export async function executeAnonymousApex(handle: OrgHandle, apexCode: string, options: OrgOperationOptions = {}): Promise<ApexOutcome> {
  const connection = handle.connection(options.apiVersion);
  const url = `${connection.instanceUrl.replace(/\/$/, '')}/services/Soap/s/${connection.getApiVersion()}/${handle.identity.orgId}`;
  const answer = await withRetries(
    { org: handle.identity.name, operation: 'executeAnonymous', policy: DEPLOY_SUBMIT_POLICY, requestTimeoutMs: options.requestTimeoutMs },
    () =>
      connection.request({
        method: 'POST',
        url,
        body: executeAnonymousEnvelope(connection.accessToken ?? '', apexCode),
        headers: { 'content-type': 'text/xml', soapaction: 'executeAnonymous' },
      })
  );
  return apexOutcomeOf(answer);
}
