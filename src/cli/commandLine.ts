/*
 * A command to copy and run, printed after a step that needs another one: the command as it was
 * typed, less some flags, plus others.
 */

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** A word as a POSIX shell reads it back. */
export function shellWord(word: string): string {
  return SAFE.test(word) ? word : `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/**
 * `sf <command> <argv>` without the flags in `drop` (with their values, written `--flag value` or
 * `--flag=value`) and with `add` at the end.
 */
export function commandLineWith(commandId: string, argv: readonly string[], drop: readonly string[], add: readonly string[]): string {
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    const flag = drop.find((name) => token === `--${name}` || token.startsWith(`--${name}=`));
    if (flag === undefined) kept.push(token);
    else if (token === `--${flag}`) index += 1;
  }
  return ['sf', ...commandId.split(':'), ...kept, ...add].map(shellWord).join(' ');
}
