/* Names of components, as the Metadata API spells them. */

/** The object of a layout: `Account-Account Layout` -> `Account`. */
export function objectOfLayout(layoutName: string): string {
  const dash = layoutName.indexOf('-');
  return dash === -1 ? layoutName : layoutName.slice(0, dash);
}
