/*
 * What a component's full name says about the type it belongs to (naming rules of the Metadata API).
 */

/** The object a layout belongs to: `Account-Account Layout` -> `Account` (object names never hold a dash). */
export function objectOfLayout(fullName: string): string {
  const dash = fullName.indexOf('-');
  return dash === -1 ? fullName : fullName.slice(0, dash);
}
