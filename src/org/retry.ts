/*
 * Retries with backoff for requests to an org. What may be retried depends on whether resending
 * can do harm: a status check or a retrieve can always be resent, a deploy only when the org
 * said it did not take it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FaultKind,
  classifyFault,
  deployOutcomeUnknownError,
  invalidSessionError,
  requestLimitError,
  transientError,
} from './errors.js';

export type RetryPolicy = {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** fault kinds after which the request is sent again */
  retryOn: ReadonlySet<FaultKind>;
};

const ALL_TRANSIENT: ReadonlySet<FaultKind> = new Set(['transient', 'refused', 'requestLimit']);
/** a deploy that may have reached the org is never sent again: only refusals are retried */
const ONLY_REFUSALS: ReadonlySet<FaultKind> = new Set(['refused', 'requestLimit']);

export const IDEMPOTENT_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, retryOn: ALL_TRANSIENT };
export const DEPLOY_SUBMIT_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, retryOn: ONLY_REFUSALS };

/** Delay before attempt n+1: exponential with full jitter, longer when the org said it is over its limit. */
export function backoffDelay(policy: RetryPolicy, attempt: number, kind: FaultKind, random = Math.random): number {
  const factor = kind === 'requestLimit' ? 4 : 1;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * factor * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The request timeout of the attempt under way, for the HTTP requests it sends (see `abortHungRequests`). */
const attemptTimeout = new AsyncLocalStorage<number>();

type HttpTransport = { httpRequest(request: unknown, options?: { timeout?: number }): unknown };
const timedTransports = new WeakSet<HttpTransport>();

/**
 * A request given up on as hung must not leave its socket open (it would keep the process alive
 * after the command is done): each HTTP request of this connection is sent with the timeout of the
 * attempt it belongs to, and jsforce aborts it when that passes (its fetch's own AbortController).
 */
export function abortHungRequests(connection: object): void {
  // jsforce keeps the transport private; every Metadata, SOAP and REST request goes through it
  // eslint-disable-next-line no-underscore-dangle
  const transport = (connection as { _transport?: HttpTransport })._transport;
  if (!transport || timedTransports.has(transport)) return;
  timedTransports.add(transport);
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (request, options = {}): unknown => {
    const timeout = attemptTimeout.getStore();
    return send(request, timeout ? { ...options, timeout } : options);
  };
}

/** `work` runs with `timeoutMs` as the timeout of the requests it sends; it is also given up on when that passes. */
export async function withTimeout<T>(work: () => Promise<T>, timeoutMs: number | undefined, what: string): Promise<T> {
  if (!timeoutMs) return work();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`RequestTimeout: ${what} got no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([attemptTimeout.run(timeoutMs, work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long one request may go unanswered before it counts as hung and is retried (or, for a deploy
 * submit, reported as unknown). Generous, since a status answer can carry a large zip;
 * SF_POSTDEPLOY_REQUEST_TIMEOUT_MS overrides it.
 */
export function defaultRequestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.SF_POSTDEPLOY_REQUEST_TIMEOUT_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 5 * 60_000;
}

export type RetryContext = { org: string; operation: string; policy: RetryPolicy; requestTimeoutMs?: number; isDeploySubmit?: boolean };

export async function withRetries<T>(context: RetryContext, request: () => Promise<T>): Promise<T> {
  const { policy } = context;
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop
      return await withTimeout(request, context.requestTimeoutMs ?? defaultRequestTimeoutMs(), `${context.operation} on ${context.org}`);
    } catch (error) {
      const kind = classifyFault(error);
      if (kind === 'invalidSession') throw invalidSessionError(context.org);
      if (kind === 'fatal') throw error;
      if (!policy.retryOn.has(kind)) {
        if (context.isDeploySubmit) throw deployOutcomeUnknownError(context.org, error);
        throw transientError(context.org, context.operation, attempt, error);
      }
      if (attempt >= policy.attempts) {
        if (kind === 'requestLimit') throw requestLimitError(context.org, attempt);
        throw transientError(context.org, context.operation, attempt, error);
      }
      // eslint-disable-next-line no-await-in-loop
      await sleep(backoffDelay(policy, attempt, kind));
    }
  }
}
