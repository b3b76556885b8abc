/** An error's message, for logs and reports (anything may be thrown). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
