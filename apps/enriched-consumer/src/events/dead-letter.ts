import type { DeadLetterCode } from '@metrics-store/metrics-contract';

/** Why a record is not counted: the contract's code and a short explanation (its `x-error-*` headers). */
export interface DeadLetterReason {
  code: DeadLetterCode;
  message: string;
}

/** A record on its way to the dead-letter topic: the reason, and the original bytes and place of the record. */
export interface DeadLetter extends DeadLetterReason {
  key: Buffer | null;
  value: Buffer | null;
  partition: number;
  offset: string;
}
