import type { Message } from '../i18n/messages.js';

/**
 * An error the user can fix (bad argument, broken lesson file, missing workspace).
 * It carries a localized message and the exit code; anything else is a bug.
 */
export class UserError extends Error {
  constructor(
    public readonly userMessage: Message,
    public readonly exitCode = 2,
  ) {
    super(userMessage.key);
    this.name = 'UserError';
  }
}
