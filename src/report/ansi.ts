/**
 * Terminal styling for the text reports. Colour is decided by the caller
 * (the CLI passes `process.stdout.isTTY && !NO_COLOR`); with colour off every
 * style is the identity, so no escape code reaches a file or a pipe.
 */

/** Wraps text in one ANSI style, or returns it unchanged when colour is off. */
export type Paint = (text: string) => string;

/** The few styles the reports use. */
export interface Style {
  bold: Paint;
  dim: Paint;
  green: Paint;
  yellow: Paint;
  red: Paint;
  /** Red and bold: a failed safety limit, a failed change. */
  alarm: Paint;
}

const identity: Paint = (text) => text;

// Each style closes with its own reset code (not \x1b[0m) so styles nest.
function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);
}

/** Styles for a report; all identities when `color` is false. */
export function createStyle(color: boolean): Style {
  if (!color) {
    return { bold: identity, dim: identity, green: identity, yellow: identity, red: identity, alarm: identity };
  }
  const bold = sgr(1, 22);
  const red = sgr(31, 39);
  return {
    bold,
    dim: sgr(2, 22),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    red,
    alarm: (text) => bold(red(text)),
  };
}
