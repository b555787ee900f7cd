/*
 * What to do when an org refuses part of a deploy: the org's message (docs/metadata-types.md
 * "Blocked drift"; each refusal's public source is in packages/org-emulator/README.md "Real-org rules") -> the action for the user. Data, one row per refusal.
 */
import { typeHandler } from './types/registry.js';

type RefusalAction = { readonly message: RegExp; readonly action: string };

const REFUSAL_ACTIONS: readonly RefusalAction[] = [
  { message: /You cannot deploy to a required field/, action: 'Plan again: field permissions of required and master-detail fields are blocked, not deployed. Or remove the entry from the reference.' },
  { message: /Unknown user permission/, action: 'Enable the feature or license that provides the permission in the target, or plan again: the planner blocks permissions the target does not know.' },
  { message: /The user license doesn't allow the permission/, action: "Grant it with a permission set whose license allows it; the profile's license cannot hold it." },
  { message: /You can't edit tab settings for .*not a valid tab/, action: 'Deploy the tab to the target first (or enable its feature), or remove the tab setting from the reference.' },
  { message: /no QuickAction named/, action: 'Deploy the quick action to the target first (or enable the feature that provides it), or remove it from the reference layout.' },
  { message: /Invalid field:.* in related list:/, action: 'Create the field in the target (or enable its feature), or remove it from the related list in the reference.' },
  { message: /Picklist value: .* in picklist: .* not found/, action: 'Add the value to the picklist (or its global value set) in the target first, then plan again.' },
  { message: /Invalid scope:Mine, not allowed/, action: "Set the list view's filterScope to Everything in the reference, or create the view in Setup." },
  { message: /You can't remove the only default app/, action: 'Make another app the default of the profile in the reference (applicationVisibilities default true).' },
  { message: /^No \w+ named: .+ found$/, action: 'The component is already gone from the target: plan again to see what is left to change.' },
  { message: /invalid at this location/, action: "Keep the type's element order: retrieve the component from the reference again instead of editing its file." },
];

/**
 * The action for an org's refusal, or undefined when it is not a known one. `deleting`: the deploy
 * was deleting the component that failed.
 */
export function refusalAction(problem: string, failed?: { type: string; deleting: boolean }): string | undefined {
  // known by the component the deploy was deleting and its type, whatever the org's sentence (not every one is public)
  const deletion = failed?.deleting ? typeHandler(failed.type)?.deletionAction : undefined;
  if (deletion) return deletion;
  return REFUSAL_ACTIONS.find((row) => row.message.test(problem))?.action;
}
