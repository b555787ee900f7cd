/*
 * What to do when an org refuses part of a deploy: the org's message (docs/metadata-types.md
 * "Blocked drift"; each refusal's public source is in packages/org-emulator/README.md "Real-org rules") -> the action for the user. Data, one row per refusal.
 */
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
 * What to do when the org refuses to delete a component of these types (docs/metadata-types.md
 * "Blocked drift"): known by the component the deploy was deleting and its type, whatever the
 * org's sentence (not every one is public).
 */
const DELETION_ACTIONS: Readonly<Record<string, string>> = {
  RecordType: 'Deactivate the record type, then delete it in Setup.',
  Layout: 'Create another layout for the object first (an object keeps at least one), or keep this one.',
  FlexiPage: 'Deactivate the page (Lightning App Builder, Activation: remove its assignments) and take it off the tabs and utility bars that use it, then delete it.',
  QuickAction: 'Remove the action from the layouts that name it first (the org lists them), then delete it.',
  GlobalValueSet: 'Point the picklist fields that use the value set elsewhere first, then delete it.',
  CompactLayout: 'Assign another compact layout to the object first, then delete this one.',
};

/**
 * The action for an org's refusal, or undefined when it is not a known one. `deleting`: the deploy
 * was deleting the component that failed.
 */
export function refusalAction(problem: string, failed?: { type: string; deleting: boolean }): string | undefined {
  if (failed?.deleting && DELETION_ACTIONS[failed.type]) return DELETION_ACTIONS[failed.type];
  return REFUSAL_ACTIONS.find((row) => row.message.test(problem))?.action;
}
