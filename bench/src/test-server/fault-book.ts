import type { FaultRule, Provider } from "./types.js";

interface ArmedRule {
  rule: FaultRule;
  skipped: number;
  fired: number;
}

/** Holds injected faults and picks the one (if any) that fires on a request. */
export class FaultBook {
  private rules: ArmedRule[] = [];

  add(...rules: readonly FaultRule[]): void {
    for (const rule of rules) this.rules.push({ rule, skipped: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Times each rule fired, in the order added. */
  fired(): number[] {
    return this.rules.map((r) => r.fired);
  }

  take(provider: Provider | undefined, path: string, query: URLSearchParams): FaultRule | undefined {
    for (const armed of this.rules) {
      const { rule } = armed;
      if (rule.provider !== undefined && rule.provider !== provider) continue;
      if (rule.path !== undefined && !(typeof rule.path === "string" ? path === rule.path : rule.path.test(path))) continue;
      if (rule.query && !Object.entries(rule.query).every(([k, v]) => (query.get(k) ?? "") === v)) continue;
      if (armed.fired >= (rule.count ?? 1)) continue;
      if (armed.skipped < (rule.skip ?? 0)) {
        armed.skipped++;
        continue;
      }
      armed.fired++;
      return rule;
    }
    return undefined;
  }
}
