/** The command line is wrong: exit 2, with the command's help hint. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
