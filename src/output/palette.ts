/*
 * Colours for text that a caller asked to colour. The caller decides (a terminal, `--no-color`,
 * NO_COLOR), so the codes are written here rather than through ansis, whose colour support is fixed
 * once per process from the environment and cannot be asked for per call. The codes are the ones
 * sf-plugins-core's StandardColors use, so our output matches the rest of the CLI.
 */
export type Style = (text: string) => string;

export type Palette = {
  add: Style;
  remove: Style;
  change: Style;
  danger: Style;
  error: Style;
  success: Style;
  dim: Style;
  bold: Style;
};

function sgr(open: number, close: number): Style {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const plain: Style = (text) => text;

const COLOURED: Palette = {
  add: sgr(32, 39),
  remove: sgr(31, 39),
  change: sgr(33, 39),
  danger: (text) => sgr(1, 22)(sgr(35, 39)(text)),
  error: (text) => sgr(1, 22)(sgr(31, 39)(text)),
  success: sgr(32, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

const PLAIN: Palette = {
  add: plain,
  remove: plain,
  change: plain,
  danger: plain,
  error: plain,
  success: plain,
  dim: plain,
  bold: plain,
};

export function paletteFor(color: boolean): Palette {
  return color ? COLOURED : PLAIN;
}

/** Colour only on a terminal, and never when NO_COLOR is set or FORCE_COLOR is 0. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}
