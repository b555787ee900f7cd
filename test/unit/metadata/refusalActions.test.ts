import { expect } from 'chai';
import { refusalAction } from '../../../src/metadata/index.js';
import { deployRefusal } from '../../../src/apply/orgTargets.js';
import type { DeployOutcome } from '../../../src/org/index.js';

describe('metadata/refusalActions', () => {
  it('Given a refused deletion, When the deploy was deleting that component, Then the action comes from its type, whatever the words', () => {
    expect(refusalAction('any sentence at all', { type: 'Layout', deleting: true })).to.include('Create another layout');
    expect(refusalAction("You can't delete an active Lightning Page.", { type: 'FlexiPage', deleting: true })).to.include('Deactivate the page');
    expect(refusalAction('Cannot delete action X.', { type: 'QuickAction', deleting: true })).to.include('Remove the action from the layouts');
    // not a deletion: no deletion advice
    expect(refusalAction('any sentence at all', { type: 'Layout', deleting: false })).to.equal(undefined);
  });

  it("Given the org's public wording, Then its action is found; a warning for a component already gone says to plan again", () => {
    expect(refusalAction('Invalid scope:Mine, not allowed')).to.include('Everything');
    expect(refusalAction('No ListView named: Account.Gone found')).to.include('already gone');
  });

  it('Given a failed deploy that deleted a layout, Then deployRefusal gives the failure its deletion action; a failure of a component it did not delete gets none', () => {
    const outcome = {
      status: 'Failed',
      success: false,
      failures: [
        { type: 'Layout', fullName: 'Widget__c-Widget Layout', problem: 'whatever the org says' },
        { type: 'Layout', fullName: 'Account-Account Layout', problem: 'whatever the org says' },
      ],
    } as unknown as DeployOutcome;
    const { failures } = deployRefusal(outcome, false, [{ type: 'Layout', fullName: 'Widget__c-Widget Layout' }]);
    expect(failures[0].action).to.include('Create another layout');
    expect(failures[1].action).to.equal(undefined);
  });
});
