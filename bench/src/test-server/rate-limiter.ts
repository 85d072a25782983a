/**
 * Server-side rate limit: at most `limit` requests accepted in any sliding 1-second window.
 * Refused requests are not counted, as with a token bucket.
 */
export class SlidingWindowLimiter {
  private readonly accepted: number[] = [];
  private head = 0;

  constructor(private readonly limit: number, private readonly windowMs = 1000) {}

  /** Records the request and returns true when it is within the limit. */
  tryAccept(now: number): boolean {
    while (this.head < this.accepted.length && this.accepted[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.accepted.splice(0, this.head);
      this.head = 0;
    }
    if (this.accepted.length - this.head >= this.limit) return false;
    this.accepted.push(now);
    return true;
  }
}
