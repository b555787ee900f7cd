import { expect } from 'chai';
import sinon from 'sinon';
import { SfError } from '@salesforce/core';
import { DEPLOY_SUBMIT_POLICY, IDEMPOTENT_POLICY, RetryPolicy, abortHungRequests, backoffDelay, withRetries, withTimeout } from '../../../src/org/retry.js';
import { rejection } from '../../helpers/rejection.js';

/** The production policies with delays of a millisecond, so that tests stay fast. */
const FAST_IDEMPOTENT: RetryPolicy = { ...IDEMPOTENT_POLICY, attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const FAST_SUBMIT: RetryPolicy = { ...DEPLOY_SUBMIT_POLICY, attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

function fault(message: string, name = 'Error', code?: string): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, code ? { code } : {}, name.startsWith('ERROR_HTTP') || name.startsWith('sf:') ? { errorCode: name } : {});
}

const reset = (): Error => fault('read ECONNRESET', 'Error', 'ECONNRESET');
const http500 = (): Error => fault('HTTP response contains html content.\nHTTP status code: 500.', 'ERROR_HTTP_500');
const http503 = (): Error => fault('HTTP response contains html content.\nHTTP status code: 503.', 'ERROR_HTTP_503');
const invalidSession = (): Error => fault('INVALID_SESSION_ID: Invalid Session ID found in SessionHeader', 'sf:INVALID_SESSION_ID');
const requestLimit = (): Error => fault('REQUEST_LIMIT_EXCEEDED: ConcurrentPerOrgLongTxn Limit exceeded.', 'sf:REQUEST_LIMIT_EXCEEDED');

describe('org retries', () => {
  afterEach(() => sinon.restore());

  describe('withRetries', () => {
    it('Given a transient fault twice, When retried, Then the third attempt succeeds', async () => {
      const request = sinon.stub();
      request.onCall(0).rejects(reset());
      request.onCall(1).rejects(http500());
      request.onCall(2).resolves('ok');
      const result = await withRetries({ org: 'tgt', operation: 'retrieve', policy: FAST_IDEMPOTENT }, request);
      expect(result).to.equal('ok');
      expect(request.callCount).to.equal(3);
    });

    it('Given a 500 on a deploy submit, Then it is not resent and the outcome is unknown', async () => {
      const request = sinon.stub().rejects(http500());
      const error = await rejection(withRetries({ org: 'tgt', operation: 'deploy', policy: FAST_SUBMIT, isDeploySubmit: true }, request));
      expect(request.callCount).to.equal(1);
      expect(error).to.be.instanceOf(SfError);
      expect(error.name).to.equal('DeployOutcomeUnknownError');
      expect(error.message).to.include('tgt');
    });

    it('Given a connection reset on a deploy submit, Then it is not resent either', async () => {
      const request = sinon.stub().rejects(reset());
      const error = await rejection(withRetries({ org: 'tgt', operation: 'deploy', policy: FAST_SUBMIT, isDeploySubmit: true }, request));
      expect(request.callCount).to.equal(1);
      expect(error.name).to.equal('DeployOutcomeUnknownError');
    });

    it('Given a 503 on a deploy submit, Then it is resent (the org refused it)', async () => {
      const request = sinon.stub();
      request.onCall(0).rejects(http503());
      request.onCall(1).resolves({ id: '0Af' });
      const result = await withRetries({ org: 'tgt', operation: 'deploy', policy: FAST_SUBMIT, isDeploySubmit: true }, request);
      expect(result).to.deep.equal({ id: '0Af' });
      expect(request.callCount).to.equal(2);
    });

    it('Given INVALID_SESSION_ID, Then InvalidSessionError follows at once, without retries', async () => {
      const request = sinon.stub().rejects(invalidSession());
      const error = await rejection(withRetries({ org: 'tgt', operation: 'retrieve', policy: FAST_IDEMPOTENT }, request));
      expect(request.callCount).to.equal(1);
      expect(error.name).to.equal('InvalidSessionError');
      expect((error as SfError).actions?.join('\n')).to.include('sf org login');
    });

    it('Given a fatal error, Then it is rethrown unchanged after one attempt', async () => {
      const original = fault('FIELD_INTEGRITY_EXCEPTION: bad', 'FIELD_INTEGRITY_EXCEPTION');
      const request = sinon.stub().rejects(original);
      const error = await rejection(withRetries({ org: 'tgt', operation: 'retrieve', policy: FAST_IDEMPOTENT }, request));
      expect(error).to.equal(original);
      expect(request.callCount).to.equal(1);
    });

    it('Given a transient fault on every attempt, Then TransientError follows after the last attempt', async () => {
      const request = sinon.stub().rejects(reset());
      const error = await rejection(withRetries({ org: 'tgt', operation: 'retrieve status check', policy: FAST_IDEMPOTENT }, request));
      expect(request.callCount).to.equal(FAST_IDEMPOTENT.attempts);
      expect(error.name).to.equal('TransientError');
      expect(error.message).to.include('tgt');
    });

    it('Given REQUEST_LIMIT_EXCEEDED on every attempt, Then RequestLimitError follows', async () => {
      const request = sinon.stub().rejects(requestLimit());
      const error = await rejection(withRetries({ org: 'tgt', operation: 'retrieve', policy: FAST_IDEMPOTENT }, request));
      expect(request.callCount).to.equal(FAST_IDEMPOTENT.attempts);
      expect(error.name).to.equal('RequestLimitError');
    });

    it('Given a request that hangs, When the request timeout passes, Then it is retried', async () => {
      const request = sinon.stub();
      request.onCall(0).returns(new Promise(() => undefined));
      request.onCall(1).resolves('late but fine');
      const result = await withRetries({ org: 'tgt', operation: 'retrieve', policy: FAST_IDEMPOTENT, requestTimeoutMs: 20 }, request);
      expect(result).to.equal('late but fine');
      expect(request.callCount).to.equal(2);
    });

    it('Given the production policy, When a transient fault is retried, Then it waits the backoff (fake timers)', async () => {
      const clock = sinon.useFakeTimers();
      sinon.stub(Math, 'random').returns(1);
      const request = sinon.stub();
      request.onCall(0).rejects(reset());
      request.onCall(1).resolves('ok');
      const done = withRetries({ org: 'tgt', operation: 'retrieve', policy: IDEMPOTENT_POLICY }, request);
      await clock.tickAsync(IDEMPOTENT_POLICY.baseDelayMs - 1);
      expect(request.callCount).to.equal(1);
      await clock.tickAsync(1);
      expect(await done).to.equal('ok');
      expect(request.callCount).to.equal(2);
    });
  });

  describe('backoffDelay', () => {
    it('Given successive attempts, Then the delay doubles up to the maximum, with jitter in the upper half', () => {
      const policy: RetryPolicy = { ...IDEMPOTENT_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
      expect(backoffDelay(policy, 1, 'transient', () => 0)).to.equal(50);
      expect(backoffDelay(policy, 1, 'transient', () => 1)).to.equal(100);
      expect(backoffDelay(policy, 3, 'transient', () => 1)).to.equal(400);
      expect(backoffDelay(policy, 10, 'transient', () => 1)).to.equal(1000);
    });

    it('Given REQUEST_LIMIT_EXCEEDED, Then the delay is longer than for a transient fault', () => {
      const policy: RetryPolicy = { ...IDEMPOTENT_POLICY, baseDelayMs: 100, maxDelayMs: 10_000 };
      expect(backoffDelay(policy, 1, 'requestLimit', () => 1)).to.equal(400);
    });
  });

  describe('withTimeout', () => {
    it('Given no timeout, Then the work is returned as is', async () => {
      expect(await withTimeout(() => Promise.resolve(1), undefined, 'x')).to.equal(1);
    });

    it('Given work slower than the timeout, Then a RequestTimeout error names it', async () => {
      const error = await rejection(withTimeout(() => new Promise(() => undefined), 5, 'retrieve on tgt'));
      expect(error.message).to.match(/^RequestTimeout: retrieve on tgt/);
    });
  });

  describe('abortHungRequests', () => {
    it('Given a connection, When an attempt sends requests, Then each is sent with the attempt\'s timeout, so that jsforce aborts it if it hangs', async () => {
      const httpRequest = sinon.stub().resolves('answer');
      const transport = { httpRequest };
      const connection = { _transport: transport };
      abortHungRequests(connection);
      abortHungRequests(connection);
      const send = (): Promise<unknown> => transport.httpRequest({ url: '/services/Soap/m/62.0' }, { xmlns: 'x' }) as Promise<unknown>;
      expect(await withRetries({ org: 'tgt', operation: 'retrieve', policy: FAST_IDEMPOTENT, requestTimeoutMs: 1234 }, send)).to.equal('answer');
      expect(httpRequest.callCount).to.equal(1);
      expect(httpRequest.firstCall.args[1]).to.deep.equal({ xmlns: 'x', timeout: 1234 });
      // outside an attempt, requests go out as they were
      await send();
      expect(httpRequest.secondCall.args[1]).to.deep.equal({ xmlns: 'x' });
    });
  });
});
