/*
 * A small client of the emulator's admin API (`/__emulator/...`, see adminApi.ts and the README):
 * read and edit an org's components as an admin would in Setup, arm faults, read the request
 * counts, reset. For tests that assert what an org holds after the code under test ran.
 */
export class EmulatorAdmin {
  public constructor(private readonly baseUrl: string) {}

  public async component(alias: string, type: string, fullName: string): Promise<string | undefined> {
    const response = await fetch(this.url(`/__emulator/orgs/${encodeURIComponent(alias)}/component`, { type, fullName }));
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET component: ${response.status} ${await response.text()}`);
    return response.text();
  }

  public async components(alias: string, type: string): Promise<string[]> {
    const response = await fetch(this.url(`/__emulator/orgs/${encodeURIComponent(alias)}/components`, { type }));
    return (await response.json()) as string[];
  }

  public async putComponent(alias: string, type: string, fullName: string, xml: string): Promise<Response> {
    return fetch(this.url(`/__emulator/orgs/${encodeURIComponent(alias)}/component`, { type, fullName }), { method: 'PUT', body: xml });
  }

  public async fault(body: { org: string; fault: string; count?: number; component?: string; operation?: string }): Promise<Response> {
    const response = await fetch(`${this.baseUrl}/__emulator/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (!response.ok) throw new Error(`POST faults: ${response.status} ${await response.text()}`);
    return response;
  }

  public async stats(): Promise<Record<string, Record<string, number>>> {
    return (await (await fetch(`${this.baseUrl}/__emulator/stats`)).json()) as Record<string, Record<string, number>>;
  }

  public async reset(): Promise<void> {
    await fetch(`${this.baseUrl}/__emulator/reset`, { method: 'POST' });
  }

  private url(path: string, query: Record<string, string>): string {
    return `${this.baseUrl}${path}?${new URLSearchParams(query).toString()}`;
  }
}
