const MAX_EXAMPLES = 20;

/** Every disagreement with the ground truth is counted; the first few are kept to be printed. */
export class MismatchLog {
  readonly byArea = new Map<string, number>();
  readonly examples: string[] = [];

  add(area: string, detail: string): void {
    this.byArea.set(area, (this.byArea.get(area) ?? 0) + 1);
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(`${area}: ${detail}`);
  }

  get count(): number {
    return [...this.byArea.values()].reduce((sum, n) => sum + n, 0);
  }
}
