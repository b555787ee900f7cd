/*
 * Anonymous Apex as real orgs answer it (README "Anonymous Apex"): the Tooling REST resource
 * `GET /services/data/vNN.N/tooling/executeAnonymous/?anonymousBody=...` and the SOAP Apex API call
 * `executeAnonymous` (`POST /services/Soap/s/NN.N[/orgId]`) with its DebuggingHeader, whose answer
 * carries the debug log in a `DebuggingInfo` header. The emulator cannot run Apex: it records every
 * body it receives and answers success, unless an `apexCompileError` or `apexException` fault says
 * otherwise.
 */
import { EmulatedOrg } from './org.js';
import type { EmulatorState, Fault } from './state.js';

export const APEX_NS = 'http://soap.sforce.com/2006/08/apex';

/** One body an org received, in order (admin API `GET /__emulator/orgs/<alias>/apex`). */
export type ApexRun = { api: 'soap' | 'tooling'; body: string; receivedAt: string; compiled: boolean; success: boolean; debugLevel?: string };

/** The ExecuteAnonymousResult fields, as the SOAP API Developer Guide lists them. */
export type ExecuteAnonymousResult = {
  line: number;
  column: number;
  compiled: boolean;
  success: boolean;
  compileProblem: string | null;
  exceptionMessage: string | null;
  exceptionStackTrace: string | null;
};

const runs = new WeakMap<EmulatedOrg, ApexRun[]>();

export function apexRuns(org: EmulatedOrg): ApexRun[] {
  return runs.get(org) ?? [];
}

/** The result of one anonymous block: success unless a fault armed for the org says otherwise. */
export function executeAnonymous(state: EmulatorState, org: EmulatedOrg, body: string, api: ApexRun['api'], debugLevel?: string): { result: ExecuteAnonymousResult; debugLog: string } {
  const fault = state.takeApexFault(org);
  const result = resultOf(fault);
  const list = runs.get(org) ?? [];
  list.push({ api, body, receivedAt: new Date().toISOString(), compiled: result.compiled, success: result.success, ...(debugLevel ? { debugLevel } : {}) });
  runs.set(org, list);
  return { result, debugLog: debugLogOf(org, body, result) };
}

function resultOf(fault: Fault | undefined): ExecuteAnonymousResult {
  const ok: ExecuteAnonymousResult = { line: -1, column: -1, compiled: true, success: true, compileProblem: null, exceptionMessage: null, exceptionStackTrace: null };
  if (!fault) return ok;
  const line = fault.line ?? 1;
  const column = fault.column ?? 1;
  if (fault.fault === 'apexCompileError') {
    // a block that does not compile never runs: line and column say where the compiler stopped
    return { ...ok, line, column, compiled: false, success: false, compileProblem: fault.message ?? 'Unexpected token \';\'.' };
  }
  return {
    ...ok,
    compiled: true,
    success: false,
    exceptionMessage: fault.message ?? 'System.NullPointerException: Attempt to de-reference a null object',
    exceptionStackTrace: `AnonymousBlock: line ${line}, column ${column}`,
  };
}

/** A debug log in the shape of a real one (header line, the block echoed, execution events). */
function debugLogOf(org: EmulatedOrg, body: string, result: ExecuteAnonymousResult): string {
  const time = new Date().toISOString().slice(11, 19);
  const echoed = body.replace(/\r?\n$/, '').split(/\r?\n/).map((line) => `Execute Anonymous: ${line}`);
  const events = [`${time}.0 (1000000)|USER_INFO|[EXTERNAL]|${org.userId}|${org.username}|(GMT+00:00) Coordinated Universal Time (UTC)|GMT+00:00`, `${time}.0 (1100000)|EXECUTION_STARTED`, `${time}.0 (1200000)|CODE_UNIT_STARTED|[EXTERNAL]|execute_anonymous_apex`];
  if (!result.compiled) {
    return ['64.0 APEX_CODE,DEBUG;APEX_PROFILING,INFO', ...echoed, `${time}.0 (900000)|COMPILATION_ERROR|Line: ${result.line}, Column: ${result.column}: ${result.compileProblem ?? ''}`, ''].join('\n');
  }
  if (!result.success) {
    const where = /line (\d+)/.exec(result.exceptionStackTrace ?? '')?.[1] ?? '1';
    events.push(`${time}.0 (1300000)|EXCEPTION_THROWN|[${where}]|${result.exceptionMessage ?? ''}`, `${time}.0 (1400000)|FATAL_ERROR|${result.exceptionMessage ?? ''}\n\n${result.exceptionStackTrace ?? ''}`);
  }
  events.push(`${time}.0 (1500000)|CODE_UNIT_FINISHED|execute_anonymous_apex`, `${time}.0 (1600000)|EXECUTION_FINISHED`);
  return ['64.0 APEX_CODE,DEBUG;APEX_PROFILING,INFO', ...echoed, ...events, ''].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function field(name: string, value: string | number | boolean | null): string {
  return value === null ? `<${name} xsi:nil="true"/>` : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The SOAP answer: result fields in the WSDL's order; null fields as xsi:nil, as the Apex API sends them. */
export function executeAnonymousSoapResponse(result: ExecuteAnonymousResult, debugLog: string | undefined): string {
  const header = debugLog === undefined ? '' : `<soapenv:Header><DebuggingInfo><debugLog>${escapeXml(debugLog)}</debugLog></DebuggingInfo></soapenv:Header>`;
  const fields = [
    field('column', result.column),
    field('compileProblem', result.compileProblem),
    field('compiled', result.compiled),
    field('exceptionMessage', result.exceptionMessage),
    field('exceptionStackTrace', result.exceptionStackTrace),
    field('line', result.line),
    field('success', result.success),
  ].join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    `xmlns="${APEX_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${header}` +
    `<soapenv:Body><executeAnonymousResponse><result>${fields}</result></executeAnonymousResponse></soapenv:Body></soapenv:Envelope>`
  );
}

/** The Tooling REST answer (JSON): the same fields, nulls as null. */
export function toolingExecuteAnonymous(state: EmulatorState, org: EmulatedOrg, url: URL): { status: number; body: unknown } {
  const body = url.searchParams.get('anonymousBody');
  if (body === null) return { status: 400, body: [{ errorCode: 'MISSING_ARGUMENT', message: 'anonymousBody: parameter must be specified' }] };
  return { status: 200, body: executeAnonymous(state, org, body, 'tooling').result };
}

/** The debug level a DebuggingHeader asks for (`DEBUGONLY`, `DB`, ...); without the header no log comes back. */
export function debugLevelOf(envelope: string): string | undefined {
  if (!envelope.includes('DebuggingHeader')) return undefined;
  return /<(?:\w+:)?debugLevel>([^<]*)<\/(?:\w+:)?debugLevel>/.exec(envelope)?.[1] ?? 'NONE';
}

/** A SOAP Apex API request already parsed and authenticated: only executeAnonymous is answered. */
export function apexSoapAnswer(state: EmulatorState, org: EmulatedOrg, operation: string, args: Record<string, unknown>, envelope: string): { status: number; body: string } | { fault: string; message: string } {
  if (operation !== 'executeAnonymous') return { fault: 'soapenv:Client', message: `The emulator does not implement the Apex API operation ${operation}` };
  // read from the envelope as sent: the SOAP parser trims text, a body is recorded byte for byte
  const raw = /<(?:\w+:)?apexcode>([\s\S]*?)<\/(?:\w+:)?apexcode>/.exec(envelope)?.[1];
  const apexcode = raw === undefined ? args.apexcode : unescapeXml(raw);
  if (typeof apexcode !== 'string') return { fault: 'soapenv:Client', message: 'executeAnonymous needs an apexcode element' };
  const debugLevel = debugLevelOf(envelope);
  const { result, debugLog } = executeAnonymous(state, org, apexcode, 'soap', debugLevel);
  return { status: 200, body: executeAnonymousSoapResponse(result, debugLevel === undefined ? undefined : debugLog) };
}
