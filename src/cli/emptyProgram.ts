import { Command } from 'commander';
import { VERSION } from '../version.js';

/** The program with no commands: name, description, version and how it exits. */
export function emptyProgram(): Command {
  return new Command('whosbehind')
    .description('Follow public money to the companies behind government agencies, and back.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
}
