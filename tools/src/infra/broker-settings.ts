import { readFileSync } from 'node:fs';
import { BROKER_PROPERTIES } from './local-paths';

/** Where the apache/kafka image reads a server.properties of its user's, to which it appends its environment. */
export const IMAGE_SERVER_PROPERTIES = '/mnt/shared/config/server.properties';

/** `key=value` lines of a Java properties file (no continuation lines, which these files do not use). */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.search(/[=:]/);
    if (at > 0) properties.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return properties;
}

/** The settings every broker of the project shares (tools/kafka/broker.properties). */
export function sharedBrokerSettings(): Map<string, string> {
  return parseProperties(readFileSync(BROKER_PROPERTIES, 'utf8'));
}

/** The property an apache/kafka image variable sets: KAFKA_ABC_DEF is abc.def, `__` an underscore, `___` a dash. */
export function propertyOfImageVariable(variable: string): string | undefined {
  if (!variable.startsWith('KAFKA_')) return undefined;
  return variable
    .slice('KAFKA_'.length)
    .toLowerCase()
    .split('___')
    .map((dashed) =>
      dashed
        .split('__')
        .map((dotted) => dotted.replace(/_/g, '.'))
        .join('_'),
    )
    .join('-');
}
