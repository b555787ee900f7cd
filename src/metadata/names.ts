/*
 * What a component's full name says, shared by several types (naming rules of the Metadata API).
 * A rule of one type lives in that type's module (types/<type>.ts).
 */

/** The object of a child component or a qualified field: `Account.Industry` -> `Account`. */
export function objectOfChild(name: string): string {
  return name.includes('.') ? name.slice(0, name.indexOf('.')) : name;
}

/** A custom component's name: `Size__c`, `Order__c`, `ns__Thing__mdt`. */
export function isCustom(name: string): boolean {
  return /__[a-z]+$/i.test(name);
}

/**
 * A name of an installed package's component (`ns__Action`, `Widget__c.ns__Size__c`): such members
 * may be left out of what the plan lists (package scope), so their absence is not a fact.
 */
export function namespaced(name: string): boolean {
  return name.split('.').some((part) => /^[A-Za-z][A-Za-z0-9]*__(?!(c|r|mdt|e|b|x|pc)$)/.test(part));
}
