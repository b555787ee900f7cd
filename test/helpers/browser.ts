/*
 * Headless Chromium driven through the DevTools protocol, for the tests that open a page as a user
 * would. Locally a missing browser skips those tests with how to install it; under CI=true it fails.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export const INSTALL_HINT = 'install it with: apt-get update && apt-get install -y --no-install-recommends chromium (or set CHROMIUM_BIN)';

/** The browser binary, or undefined when there is none. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not this one
    }
  }
  return undefined;
}

type CdpEvent = { method: string; params: Record<string, unknown> };

/** One page's DevTools session: commands answered by id, events kept in order. */
export class CdpPage {
  public readonly events: CdpEvent[] = [];
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners: Array<(event: CdpEvent) => void> = [];

  public constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      if (message.id !== undefined) {
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message.result);
      } else if (message.method) {
        const event = { method: message.method, params: message.params ?? {} };
        this.events.push(event);
        for (const listener of this.listeners) listener(event);
      }
    });
  }

  public send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  public waitFor(method: string, timeoutMs = 15_000): Promise<CdpEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.listeners.push((event) => {
        if (event.method === method) {
          clearTimeout(timer);
          resolve(event);
        }
      });
    });
  }

  /** Runs an expression in the page and returns its value (JSON-serializable). */
  public async evaluate<T>(expression: string): Promise<T> {
    const answer = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (answer.exceptionDetails) throw new Error(`${answer.exceptionDetails.text} ${answer.exceptionDetails.exception?.description ?? ''}`);
    return answer.result.value as T;
  }

  /** A real mouse click at the centre of the element the selector finds. */
  public async click(selector: string): Promise<void> {
    await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).scrollIntoView({ block: 'nearest', inline: 'nearest' })`);
    const box = await this.evaluate<{ x: number; y: number } | null>(
      `(() => { const r = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect(); return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null; })()`
    );
    if (!box) throw new Error(`nothing matches ${selector}`);
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      // eslint-disable-next-line no-await-in-loop
      await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
  }

  /** Focuses the element the selector finds and presses a key on it, as a keyboard user does. */
  public async press(selector: string, key: 'Enter' | ' '): Promise<void> {
    await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
    const code = key === 'Enter' ? { code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' } : { code: 'Space', windowsVirtualKeyCode: 32, text: ' ' };
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', key, ...code });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code: code.code, windowsVirtualKeyCode: code.windowsVirtualKeyCode });
  }

  public close(): void {
    this.socket.close();
  }
}

export type Browser = { page: CdpPage; stop(): Promise<void> };

/** Starts headless Chromium with a throwaway profile and attaches to its first page. */
export async function launchChromium(binary: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sf-postdeploy-chromium-'));
  const child: ChildProcess = spawn(
    binary,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--window-size=1400,900', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    // a cold start on a busy two-core machine took over 30 s once (a CI run of the whole suite): the wait is for the browser, not a check
    const timer = setTimeout(() => reject(new Error(`chromium did not start within 120 s:\n${text}`)), 120_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`chromium exited with ${String(code)}:\n${text}`)));
  });
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
  const pageTarget = targets.find((t) => t.type === 'page');
  if (!pageTarget) throw new Error('chromium has no page to attach to');
  const socket = new WebSocket(pageTarget.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const page = new CdpPage(socket);
  return {
    page,
    stop: async (): Promise<void> => {
      page.close();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
