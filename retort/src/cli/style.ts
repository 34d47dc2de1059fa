// Colours only where a person reads: a TTY, and never with NO_COLOR set (any value,
// as no-color.org asks).
export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  green(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const same = (text: string): string => text;

export const createStyle = (isTTY: boolean, env: NodeJS.ProcessEnv): Style =>
  isTTY && env.NO_COLOR === undefined
    ? { red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22), green: wrap(32, 39) }
    : { red: same, yellow: same, dim: same, bold: same, green: same };
