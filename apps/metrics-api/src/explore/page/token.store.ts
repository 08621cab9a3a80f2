const TOKEN_KEY = 'metrics-explore.token';

/**
 * The token lives in this tab's sessionStorage only: it survives a reload, is gone with the tab, and is
 * never written to localStorage, a cookie or the URL.
 */
export const tokenStore = {
  read(): string {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  },
  write(token: string): void {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};
