/**
 * The shortest admin token the API takes (contract section 5): the token reads and erases every project, so
 * it must not be guessable; 32 characters of a random alphabet are far beyond any search.
 */
export const ADMIN_TOKEN_MIN_LENGTH = 32;
