import { failureTitle, isRetriable, type ApiFailure } from './api-failure';
import { el } from './dom.util';

/** Shows failures in an alert region: the API's own code, message and issues, and a retry where it helps. */
export class FailureView {
  private countdown: number | undefined;

  constructor(private readonly region: HTMLElement) {}

  show(failure: ApiFailure, retry: () => void): void {
    this.clear();
    const heading =
      failure.status === 0
        ? failureTitle(failure)
        : `${failureTitle(failure)} (${failure.status} ${failure.code})`;
    const issues =
      failure.issues.length === 0
        ? null
        : el(
            'ul',
            { class: 'issues' },
            failure.issues.map((issue) => el('li', {}, [el('code', {}, [issue.path]), `: ${issue.message}`])),
          );
    this.region.append(el('p', { class: 'failure-title' }, [heading]), el('p', {}, [failure.message]));
    if (issues) this.region.append(issues);
    if (isRetriable(failure)) this.region.append(this.retryLine(failure, retry));
    this.region.hidden = false;
  }

  /** A plain message in the same place, e.g. a field the page needs before it can ask the API. */
  showMessage(message: string): void {
    this.clear();
    this.region.append(el('p', { class: 'failure-title' }, [message]));
    this.region.hidden = false;
  }

  clear(): void {
    if (this.countdown !== undefined) clearInterval(this.countdown);
    this.countdown = undefined;
    this.region.replaceChildren();
    this.region.hidden = true;
  }

  /** Waits the seconds the server asked for (Retry-After), then tries once more by itself. */
  private retryLine(failure: ApiFailure, retry: () => void): HTMLElement {
    const button = el('button', { type: 'button', class: 'secondary' }, ['Retry now']);
    button.addEventListener('click', () => {
      this.clear();
      retry();
    });
    const seconds = failure.retryAfterSeconds;
    if (seconds === undefined) return el('p', { class: 'retry' }, [button]);
    const text = el('span', {}, []);
    let left = seconds;
    const tick = () => {
      text.textContent = `The server asks to retry after ${seconds} s (Retry-After). Retrying in ${left} s. `;
    };
    tick();
    this.countdown = window.setInterval(() => {
      left -= 1;
      if (left > 0) return tick();
      this.clear();
      retry();
    }, 1000);
    return el('p', { class: 'retry' }, [text, button]);
  }
}
