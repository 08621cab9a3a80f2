import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** A relative link of a markdown file that leads nowhere: a missing file, or a missing heading in it. */
export interface BrokenLink {
  file: string;
  target: string;
  problem: string;
}

// Fenced blocks hold examples, not links.
const FENCED_BLOCK = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm;
// `[text](target)` and `![alt](target "title")`; the text may hold inline code.
const LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** The link targets of a markdown text, in order, outside fenced code blocks. */
export function markdownLinkTargets(text: string): string[] {
  const prose = text.replace(FENCED_BLOCK, '');
  return [...prose.matchAll(LINK)].map((match) => match[1]);
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown file's headings (a repeated heading gets -1, -2, ... as on GitHub). */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of text.replace(FENCED_BLOCK, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/**
 * Checks every relative link of the markdown file `file` (a path below `root`): the file or folder it names
 * exists, and a `#heading` it names is a heading of that markdown file. Links to other sites are not followed.
 */
export function brokenLinks(root: string, file: string): BrokenLink[] {
  const path = resolve(root, file);
  const text = readFileSync(path, 'utf8');
  const broken: BrokenLink[] = [];
  for (const target of markdownLinkTargets(text)) {
    if (EXTERNAL.test(target)) continue;
    const [pathPart, anchor] = target.split('#', 2);
    const linked = pathPart === '' ? path : resolve(dirname(path), decodeURI(pathPart));
    const name = relative(root, linked);
    if (!existsSync(linked)) {
      broken.push({ file, target, problem: `${name} does not exist` });
      continue;
    }
    if (anchor && linked.endsWith('.md') && !headingAnchors(readFileSync(linked, 'utf8')).has(anchor)) {
      broken.push({ file, target, problem: `${name} has no heading #${anchor}` });
    }
  }
  return broken;
}
