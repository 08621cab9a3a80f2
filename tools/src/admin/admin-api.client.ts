/** The admin routes of docs/api.md, over HTTP, for the tools (the admin CLI, the demo). */

export interface ProjectSettings {
  project_id: string;
  timezone: string;
  /** null while the project has never been configured (defaults apply). */
  updated_at: string | null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The only time the API shows it. */
  key: string;
  created_at: string;
}

export interface ProjectErasure {
  project_id: string;
  /** Rows removed per table. */
  removed: Record<string, number>;
}

export interface ApiIssue {
  path: string;
  message: string;
}

/** The API answered, and said no: its status, error code, message and (for a 400) the bad fields. */
export class AdminApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'AdminApiRefusal';
  }
}

/** Nothing answered at the API's address (refused, timed out, unknown host). */
export class AdminApiUnreachable extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`Cannot reach the metrics API at ${baseUrl}: ${reason}`);
    this.name = 'AdminApiUnreachable';
  }
}

const TIMEOUT_MS = 10_000;
// The API answers an erase once its transaction commits: seconds for a project of millions of rows.
const ERASE_TIMEOUT_MS = 600_000;

/** Why fetch failed, in the words of the system call underneath when there is one (ECONNREFUSED, ...). */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs / 1000} s`;
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function refusal(status: number, text: string): AdminApiRefusal {
  try {
    const { error } = JSON.parse(text) as {
      error?: { code?: string; message?: string; issues?: ApiIssue[] };
    };
    if (error?.code && error.message)
      return new AdminApiRefusal(status, error.code, error.message, error.issues);
  } catch {
    // Not the API's error body: said below.
  }
  return new AdminApiRefusal(
    status,
    'unexpected_answer',
    `HTTP ${status} without the metrics API's error body (is this address the metrics API?)`,
  );
}

export class AdminApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  getProject(projectId: string): Promise<ProjectSettings> {
    return this.call(
      'GET',
      `/v1/admin/projects/${encodeURIComponent(projectId)}`,
    ) as Promise<ProjectSettings>;
  }

  setTimezone(projectId: string, timezone: string): Promise<ProjectSettings> {
    return this.call('PUT', `/v1/admin/projects/${encodeURIComponent(projectId)}`, {
      timezone,
    }) as Promise<ProjectSettings>;
  }

  createApiKey(projectId: string, name: string): Promise<CreatedApiKey> {
    return this.call('POST', `${this.keysPath(projectId)}`, { name }) as Promise<CreatedApiKey>;
  }

  async listApiKeys(projectId: string): Promise<ApiKeySummary[]> {
    const body = (await this.call('GET', this.keysPath(projectId))) as { api_keys: ApiKeySummary[] };
    return body.api_keys;
  }

  eraseProject(projectId: string): Promise<ProjectErasure> {
    return this.call(
      'DELETE',
      `/v1/admin/projects/${encodeURIComponent(projectId)}`,
      undefined,
      ERASE_TIMEOUT_MS,
    ) as Promise<ProjectErasure>;
  }

  async revokeApiKey(projectId: string, keyId: string): Promise<void> {
    await this.call('DELETE', `${this.keysPath(projectId)}/${encodeURIComponent(keyId)}`);
  }

  private keysPath(projectId: string): string {
    return `/v1/admin/projects/${encodeURIComponent(projectId)}/api-keys`;
  }

  private async call(method: string, path: string, body?: unknown, timeoutMs = TIMEOUT_MS): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AdminApiUnreachable(this.baseUrl, reasonOf(error, timeoutMs));
    }
    const text = await response.text();
    if (!response.ok) throw refusal(response.status, text);
    return text ? JSON.parse(text) : null;
  }
}
