export type { Change, ChangeOp } from './change.js';
export { WHOLE_COMPONENT_PATH } from './change.js';
export { diffComponent } from './diff.js';
export { MetadataParseError } from './errors.js';
export { hashComponent } from './hash.js';
export type { PlainValue } from './plainValue.js';
export type { ChildComponentRef } from './patchContext.js';
export { buildPatch, type Patch, type PatchAction, type PatchInput, type PatchMode } from './patch.js';
export { isComparedAsWhole } from './comparedAsWhole.js';
