/*
 * Standard fields that exist only when an org feature is on (README "Org kinds"): CurrencyIsoCode
 * on every object with multi-currency; the person-account fields of Account with person accounts.
 * A component naming one of them in an org without the feature is refused as a field the org lacks
 * (sfdx-hardis deploy tips "custom-field-not-found": "If ... is standard, the error is because ...
 * is not available in the org you are trying to deploy to ... Activate the required
 * features/license"; "Missing multi-currency field"; trailheadapps/ebikes-lwc #391).
 */
import { StoredComponent } from './org.js';
import { OrgKind, hasFeature } from './orgKind.js';
import { XmlNode } from './xml.js';

/** The elements whose text names a field of an object, in the types the emulator checks. */
const FIELD_REFERENCES = new Set(['field', 'fields', 'columns', 'picklist']);

/** The feature a standard field needs, or undefined when every org has it. */
export function featureOfField(objectName: string | undefined, fieldName: string): string | undefined {
  if (fieldName === 'CurrencyIsoCode') return 'MultiCurrency';
  const account = objectName === 'Account' || objectName === 'PersonAccount';
  // Salesforce Help "Account Fields": "Fields with a prefix Person or suffix __pc are contact fields" of person accounts
  if (account && (fieldName === 'IsPersonAccount' || /^Person[A-Z]/.test(fieldName) || fieldName.endsWith('__pc'))) return 'PersonAccounts';
  return undefined;
}

/** The object a component's unqualified field names belong to: `Account-Layout` and `Account.View` name Account. */
function objectOf(component: Pick<StoredComponent, 'type' | 'fullName'>): string | undefined {
  if (component.type === 'Layout') return component.fullName.split('-')[0];
  if (component.type === 'CustomObject') return component.fullName;
  const dot = component.fullName.indexOf('.');
  return dot === -1 ? undefined : component.fullName.slice(0, dot);
}

function* fieldNames(node: XmlNode): Generator<string> {
  for (const [tag, values] of Object.entries(node)) {
    for (const value of values) {
      if (typeof value === 'string') {
        if (FIELD_REFERENCES.has(tag)) yield value;
      } else {
        yield* fieldNames(value);
      }
    }
  }
}

/** One problem per field the component names that needs a feature the org does not have. */
export function missingFeatureFields(component: StoredComponent, kind: OrgKind): string[] {
  const own = objectOf(component);
  const problems = new Set<string>();
  for (const name of fieldNames(component.body)) {
    const dot = name.indexOf('.');
    const objectName = dot === -1 ? own : name.slice(0, dot);
    const fieldName = dot === -1 ? name : name.slice(dot + 1);
    const feature = featureOfField(objectName, fieldName);
    if (feature && !hasFeature(kind, feature)) problems.add(`In field: field - no CustomField named ${objectName ?? ''}${objectName ? '.' : ''}${fieldName} found`);
  }
  return [...problems];
}
