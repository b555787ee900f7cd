/*
 * Errors of the org seam: each names the org and carries the action the user takes next.
 */
import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'org');

/** The session of an org is no longer valid: the user logs in again. */
export class InvalidSessionError extends SfError {}

/** A deploy was submitted and no answer came back: it may or may not have reached the org. */
export class DeployOutcomeUnknownError extends SfError {}

/** The error of `key` as an instance of `Class`, so that callers match it with instanceof. */
function createAs<T extends SfError>(Class: new (message: string, name?: string, actions?: string[]) => T, key: string, tokens: Array<string | number>, actionTokens?: string[]): T {
  const made = messages.createError(key, tokens, actionTokens);
  return new Class(made.message, made.name, made.actions);
}

export type FaultKind = 'invalidSession' | 'requestLimit' | 'transient' | 'refused' | 'fatal';

/** Why a request to an org failed, from the error jsforce or core raised. */
export function classifyFault(error: unknown): FaultKind {
  const text = describeError(error);
  if (/INVALID_SESSION_ID|Session expired or invalid|No refresh token/i.test(text)) return 'invalidSession';
  if (/REQUEST_LIMIT_EXCEEDED/i.test(text)) return 'requestLimit';
  if (/ECONNREFUSED/i.test(text)) return 'refused';
  // HTTP status codes only where they are status codes (jsforce: ERROR_HTTP_5xx, "HTTP status code: 5xx"),
  // not any number in a message such as "max length=500" or "line 503"
  if (/(?:ERROR_HTTP_|HTTP status code: )503\b|Service Unavailable|SERVER_UNAVAILABLE/i.test(text)) return 'refused';
  if (/(?:ERROR_HTTP_|HTTP status code: )5\d\d\b|Internal Server Error|ECONNRESET|socket hang up|ETIMEDOUT|EPIPE|EAI_AGAIN|network|RequestTimeout|timed out|fetch failed|other side closed|UND_ERR|AbortError|aborted/i.test(text)) {
    return 'transient';
  }
  return 'fatal';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const parts = [error.name, error.message];
    const extra = error as Error & { errorCode?: string; code?: string; statusCode?: number; cause?: unknown };
    if (extra.errorCode) parts.push(extra.errorCode);
    if (extra.code) parts.push(String(extra.code));
    if (extra.statusCode) parts.push(`HTTP status code: ${extra.statusCode}`);
    if (extra.cause) parts.push(describeError(extra.cause));
    return parts.join(' ');
  }
  return String(error);
}

/** A short, token-free summary of an error for messages. */
export function shortError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/00D\w{12,15}![\w.-]+/g, '<redacted>').split('\n')[0].slice(0, 300);
}

/** `suggestions`: sf's own "Did you mean" actions from @salesforce/core, when an alias or username is close. */
export function unknownOrgError(name: string, suggestions: string[] = []): SfError {
  const error = messages.createError('error.UnknownOrg', [name], [name]);
  error.actions = [...suggestions, ...(error.actions ?? [])];
  return error;
}

export function invalidSessionError(org: string): SfError {
  return createAs(InvalidSessionError, 'error.InvalidSession', [org], [org]);
}

export function requestLimitError(org: string, attempts: number): SfError {
  return messages.createError('error.RequestLimit', [org, attempts]);
}

export function transientError(org: string, operation: string, attempts: number, cause: unknown): SfError {
  return messages.createError('error.Transient', [org, operation, attempts, shortError(cause)]);
}

/** The org refused the deploy's test level (a production org refuses NoTestRun); `said` is the org's own words. */
export function testLevelRefusedError(org: string, level: string, said: string): SfError {
  return messages.createError('error.TestLevelRefused', [org, level, said]);
}

export function timeoutError(operation: string, org: string, waitMs: number): SfError {
  const wait = waitMs >= 60_000 ? `${Math.round(waitMs / 60_000)} minute(s)` : `${Math.round(waitMs / 1000)} second(s)`;
  return messages.createError('error.Timeout', [operation, org, wait]);
}

export function deployOutcomeUnknownError(org: string, cause: unknown): SfError {
  return createAs(DeployOutcomeUnknownError, 'error.DeployOutcomeUnknown', [org, shortError(cause)]);
}

export function retrieveFailedError(org: string, detail: string): SfError {
  return messages.createError('error.RetrieveFailed', [org, detail]);
}

export function badRetrieveZipError(org: string, detail: string): SfError {
  return messages.createError('error.BadRetrieveZip', [org, detail], [org]);
}
