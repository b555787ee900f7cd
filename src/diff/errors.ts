/** A component file that is not well-formed XML. Users see the message and actions, never a stack. */
export class MetadataParseError extends Error {
  public override readonly name = 'MetadataParseError';
  public readonly actions: readonly string[];

  public constructor(
    public readonly componentName: string,
    public readonly reason: string,
    public readonly line?: number,
    public readonly column?: number
  ) {
    const where = line === undefined ? '' : ` (line ${line}${column === undefined ? '' : `, column ${column}`})`;
    super(`Could not read ${componentName}: ${reason}${where}.`);
    this.actions = [
      `Retrieve ${componentName} again: the file may be truncated.`,
      'If it comes from a source folder, check that it is valid Metadata API XML.',
    ];
  }
}
