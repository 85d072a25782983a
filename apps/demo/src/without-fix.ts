/**
 * A toolweave error's message without the fix it ends with: core appends `fix` to `message`,
 * and the CLI and the page show the fix on its own line. The one place the demo strips it.
 */
export function withoutFix(message: string, fix: string | null | undefined): string {
  return fix && message.endsWith(fix) ? message.slice(0, -fix.length).trim() : message;
}
