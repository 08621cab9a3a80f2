/** The few admin calls of contract section 4 that the tools make against a running metrics-api. */
export class AdminApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  async setTimezone(projectId: string, timezone: string): Promise<void> {
    await this.call('PUT', `/v1/admin/projects/${projectId}`, { timezone });
  }

  /** Returns the new key: the only time the API shows it. */
  async createApiKey(projectId: string, name: string): Promise<string> {
    const body = (await this.call('POST', `/v1/admin/projects/${projectId}/api-keys`, { name })) as {
      key: string;
    };
    return body.key;
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
}
