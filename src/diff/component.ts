import { findTypeRule, type TypeRule } from '../metadata/index.js';
import { normalizeElement } from './normalize.js';
import { parseComponent } from './parse.js';
import type { TreeElement } from './xmlTree.js';

/** One component, parsed once and normalized; everything downstream works on this. */
export type NormalizedComponent = {
  readonly type: string;
  /** undefined: the type is not in the table and is compared as a whole. */
  readonly rule: TypeRule | undefined;
  readonly rootTag: string;
  readonly root: TreeElement;
}

/** `wellFormed`: the caller has checked the XML already (xmlSyntaxError), so it is not checked again. */
export function readComponent(type: string, xml: string, fullName?: string, options: { wellFormed?: boolean } = {}): NormalizedComponent {
  const rule = findTypeRule(type);
  const { rootTag, root } = parseComponent(xml, fullName ? `${type} ${fullName}` : type, options.wellFormed);
  return { type, rule, rootTag, root: normalizeElement(rule, root) };
}
