/*
 * Quick actions every org has without a QuickAction component of its own: a layout may name them in
 * any target (the global publisher and object actions Salesforce provides). Data, as the emulator's
 * list (packages/org-emulator/src/refusals.ts); a name not matched here must be a QuickAction of the org.
 */
const STANDARD_QUICK_ACTIONS = /^(FeedItem\.\w+|NewTask|NewEvent|NewCase|NewContact|NewLead|NewNote|NewOpportunity|NewAccount|LogACall|SendEmail|Post|Poll|Question|Link|File|Thanks|Announcement)$/;

export function isStandardQuickAction(name: string): boolean {
  return STANDARD_QUICK_ACTIONS.test(name);
}
