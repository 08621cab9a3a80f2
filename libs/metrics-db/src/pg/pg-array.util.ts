// Characters that would change the meaning of an unquoted array element (commas are counted separately).
const UNSAFE_UNQUOTED = /["\\{}\s]/;
// An empty element or a bare NULL would be read as a syntax error or a null.
const EMPTY_OR_NULL = /(?:^|,)(?:null)?(?:,|$)/i;
const NEEDS_ESCAPE = /["\\]/g;

function countCommas(text: string): number {
  let count = 0;
  for (let at = text.indexOf(','); at !== -1; at = text.indexOf(',', at + 1)) count += 1;
  return count;
}

/**
 * A PostgreSQL array literal for one `$n::type[]` parameter. node-postgres quotes element by element, which
 * shows on the 20,000-element arrays of a large batch. UUIDs, dates, numbers, booleans and metric
 * names need no quoting, so the elements are joined once and the result checked as a whole; only when some
 * element could be misread (a quote, brace, space, comma, empty or NULL) is every element quoted and escaped.
 */
export function pgArrayLiteral(values: readonly (string | number | boolean)[]): string {
  if (values.length === 0) return '{}';
  const joined = values.join(',');
  if (
    !UNSAFE_UNQUOTED.test(joined) &&
    !EMPTY_OR_NULL.test(joined) &&
    countCommas(joined) === values.length - 1
  ) {
    return `{${joined}}`;
  }
  return `{${values.map((v) => (typeof v !== 'string' ? String(v) : `"${v.replace(NEEDS_ESCAPE, '\\$&')}"`)).join(',')}}`;
}
