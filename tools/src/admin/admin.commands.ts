import type { AdminApiClient, ApiKeySummary, ProjectErasure, ProjectSettings } from './admin-api.client';

/** What a command prints: lines for people, and the API's answer for `--json`. */
export interface CommandOutput {
  lines: string[];
  json: unknown;
}

export interface AdminCommand {
  /** `projects get`, `keys create`, ... */
  name: string;
  /** The positional arguments, in order, as the usage line names them. */
  args: string[];
  summary: string;
  /** More for `<command> --help`. */
  details: string[];
  /** A command that cannot be undone: the question asked on a terminal, refused elsewhere without `--yes`. */
  confirm?: (args: string[]) => string;
  run(client: AdminApiClient, args: string[]): Promise<CommandOutput>;
}

function settingsLines(settings: ProjectSettings): string[] {
  return [
    `project   ${settings.project_id}`,
    `timezone  ${settings.timezone}`,
    `updated   ${settings.updated_at ?? 'never (the defaults apply)'}`,
  ];
}

function erasureLines(erasure: ProjectErasure): string[] {
  const rows = Object.entries(erasure.removed);
  const width = Math.max(...rows.map(([table]) => table.length));
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  return [
    `Erased project ${erasure.project_id}: ${total.toLocaleString('en-US')} rows removed.`,
    ...rows.map(([table, count]) => `  ${table.padEnd(width)}  ${count.toLocaleString('en-US')}`),
  ];
}

function keyTable(keys: ApiKeySummary[]): string[] {
  const rows = keys.map((key) => [
    key.id,
    key.revoked_at ? `revoked ${key.revoked_at}` : 'active',
    key.created_at,
    key.name,
  ]);
  const header = ['id', 'state', 'created', 'name'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  return [header, ...rows].map((row) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '),
  );
}

export const ADMIN_COMMANDS: AdminCommand[] = [
  {
    name: 'projects get',
    args: ['projectId'],
    summary: "a project's settings (the defaults if never set)",
    details: ['Prints the project id, its IANA time zone and when the settings last changed.'],
    run: async (client, [projectId]) => {
      const settings = await client.getProject(projectId);
      return { lines: settingsLines(settings), json: settings };
    },
  },
  {
    name: 'projects set-timezone',
    args: ['projectId', 'zone'],
    summary: "set a project's time zone (an IANA name such as Europe/Berlin)",
    details: [
      'Events processed from about 10 seconds later count on the dates of the new zone; days already',
      'stored are not rewritten.',
    ],
    run: async (client, [projectId, zone]) => {
      const settings = await client.setTimezone(projectId, zone);
      return { lines: ['Time zone set.', ...settingsLines(settings)], json: settings };
    },
  },
  {
    name: 'projects delete',
    args: ['projectId'],
    summary: 'erase a project: every stored row of it, its API keys included (asks for --yes)',
    details: [
      'Removes its counters, visitor and session keys, sketches, settings and API keys in one transaction,',
      'and prints the rows removed per table. It cannot be undone: on a terminal it asks first; elsewhere',
      'it refuses without --yes. Its API keys stop working at once; events counted later count anew.',
    ],
    confirm: ([projectId]) =>
      `Erase project ${projectId}, every stored row of it, for good? Type yes to go on: `,
    run: async (client, [projectId]) => {
      const erasure = await client.eraseProject(projectId);
      return { lines: erasureLines(erasure), json: erasure };
    },
  },
  {
    name: 'keys create',
    args: ['projectId', 'name'],
    summary: 'make an API key that reads this project only (shown once)',
    details: ['The key is printed once and stored by the API only as a hash: keep it now.'],
    run: async (client, [projectId, name]) => {
      const created = await client.createApiKey(projectId, name);
      return {
        lines: [
          `Created key ${created.id} "${created.name}" for project ${projectId}.`,
          `Key (shown only this once): ${created.key}`,
        ],
        json: created,
      };
    },
  },
  {
    name: 'keys list',
    args: ['projectId'],
    summary: "a project's API keys, without their secrets",
    details: ['Revoked keys are listed too, with the time they were revoked.'],
    run: async (client, [projectId]) => {
      const keys = await client.listApiKeys(projectId);
      const lines = keys.length === 0 ? [`Project ${projectId} has no API keys.`] : keyTable(keys);
      return { lines, json: { api_keys: keys } };
    },
  },
  {
    name: 'keys revoke',
    args: ['projectId', 'keyId'],
    summary: 'revoke an API key (refused by the API within 5 seconds)',
    details: ["Revoking a key twice is fine. A key id that is not one of this project's keys is an error."],
    run: async (client, [projectId, keyId]) => {
      await client.revokeApiKey(projectId, keyId);
      return { lines: [`Revoked key ${keyId} of project ${projectId}.`], json: { revoked: keyId } };
    },
  },
];

export const usageOf = (command: AdminCommand) =>
  `npm run admin -- ${command.name} ${command.args.map((arg) => `<${arg}>`).join(' ')}`;
