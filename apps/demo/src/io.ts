import { styleText } from "node:util";

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

type Style = Parameters<typeof styleText>[0];

export interface Painter {
  readonly enabled: boolean;
  paint(style: Style, text: string): string;
}

/**
 * Colours only on a TTY, never with `NO_COLOR` (any non-empty value, https://no-color.org),
 * and `FORCE_COLOR` (non-"0") to force them on for a pipe.
 */
export function createPainter(stream: Io["stdout"], env: Io["env"]): Painter {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "";
  const enabled = !noColor && (force || stream.isTTY === true) && env.TERM !== "dumb";
  return {
    enabled,
    paint: (style, text) => (enabled ? styleText(style, text) : text),
  };
}

/** A spinner on stderr while providers are queried, only on a TTY. */
export function startProgress(io: Io, label: string): { stop(): void } {
  if (io.stderr.isTTY !== true) return { stop() {} };
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let i = 0;
  const timer = setInterval(() => io.stderr.write(`\r${frames[i++ % frames.length]} ${label}`), 80);
  return {
    stop() {
      clearInterval(timer);
      io.stderr.write(`\r${" ".repeat(label.length + 2)}\r`);
    },
  };
}
