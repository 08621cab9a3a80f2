/**
 * The (day, value) pairs of one metric as a statement sends them aggregated: `day:value,day:value,...`, the
 * day an integer offset, the value a bigint in decimal. One text per metric instead of one row per day: a
 * 90-day read of 7 metrics is 7 rows, not 630, and most of a daily read's cost on both sides was per row.
 * Read in place, with no substring or array per pair. Values beyond 2^53 lose precision, as Number() would.
 */
export function forEachDayValue(text: string, visit: (day: number, value: number) => void): void {
  const end = text.length;
  let i = 0;
  while (i < end) {
    let day = 0;
    let code = text.charCodeAt(i);
    while (code !== 58 /* : */) {
      // NaN past the end fails too.
      if (!(code >= 48 && code <= 57)) throw new Error(`not a day offset at ${i} of "${text.slice(0, 40)}"`);
      day = day * 10 + (code - 48);
      code = text.charCodeAt(++i);
    }
    i += 1;
    const negative = text.charCodeAt(i) === 45; /* - */
    if (negative) i += 1;
    let value = 0;
    const start = i;
    while (i < end && (code = text.charCodeAt(i)) !== 44 /* , */) {
      if (code < 48 || code > 57) throw new Error(`not a value at ${i} of "${text.slice(0, 40)}"`);
      value = value * 10 + (code - 48);
      i += 1;
    }
    if (i === start) throw new Error(`a value is missing at ${i} of "${text.slice(0, 40)}"`);
    visit(day, negative ? -value : value);
    i += 1;
  }
}
