import { Command, CommandHelp, Help, HelpSection } from '@oclif/core';

type SectionSource = Command.Loadable & {
  configurationVariablesSection?: HelpSection;
  envVariablesSection?: HelpSection;
  errorCodes?: HelpSection;
};

type Section = ReturnType<CommandHelp['sections']>[number];

/**
 * Prints the sections that SfCommand declares (configuration variables, environment variables,
 * error codes) when the plugin runs on its own (`bin/run.js`). Inside `sf`, the CLI's own help
 * class does the same and this one is not used.
 */
export class PostdeployCommandHelp extends CommandHelp {
  protected override sections(): Section[] {
    const extra: Section[] = [
      { header: 'CONFIGURATION VARIABLES', generate: ({ cmd }) => (cmd as SectionSource).configurationVariablesSection },
      { header: 'ENVIRONMENT VARIABLES', generate: ({ cmd }) => (cmd as SectionSource).envVariablesSection },
      { header: 'ERROR CODES', generate: ({ cmd }) => (cmd as SectionSource).errorCodes },
    ];
    const sections = super.sections();
    const descriptions = sections.findIndex((section) => section.header === 'FLAG DESCRIPTIONS');
    const insertAt = descriptions === -1 ? sections.length : descriptions + 1;
    sections.splice(insertAt, 0, ...extra);
    return sections;
  }
}

export default class PostdeployHelp extends Help {
  protected override CommandHelpClass = PostdeployCommandHelp;
}
