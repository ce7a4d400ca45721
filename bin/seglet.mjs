#!/usr/bin/env node
// @ts-check
// The seglet command line (Node only). One command today: `seglet train`, DESIGN "Closing the loop".
import { InputError, TRAIN_USAGE, trainCommand, UsageError } from '../train/trainCommand.mjs';

const USAGE = `Usage: seglet <command> [options]

Commands:
  train <vectors.ndjson>   train a segmentation model from feature vectors

Run "seglet train --help" for its options.`;

/**
 * @param {string[]} args
 * @returns {Promise<number>} the exit code: 0 ok, 1 bad input, 2 usage
 */
async function main(args) {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'train') {
    process.stderr.write(`seglet: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    await trainCommand(rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`seglet train: ${error.message}\n\n${TRAIN_USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof RangeError) {
      process.stderr.write(`seglet train: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// exitCode, not exit(): a model written to a piped stdout must drain first.
process.exitCode = await main(process.argv.slice(2));
