/** A deep link, or `undefined` when it cannot be built from what the server sent (an odd id): a link is never fatal. */
export function safeLink(build: () => string): string | undefined {
  try {
    return build();
  } catch {
    return undefined;
  }
}
