import { Messages, OrgConfigProperties } from '@salesforce/core';
import { toHelpSection } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

export const stateDirEnvVariable = 'SF_POSTDEPLOY_STATE_DIR';

export const envVariablesHelpSection = toHelpSection('ENVIRONMENT VARIABLES', {
  [stateDirEnvVariable]: messages.getMessage(`envVariable.${stateDirEnvVariable}`),
});

/** For the commands that take the plan flags: target-org is their fallback target, org-api-version their default. */
export const planConfigVariablesHelpSection = toHelpSection(
  'CONFIGURATION VARIABLES',
  OrgConfigProperties.TARGET_ORG,
  OrgConfigProperties.ORG_API_VERSION
);
