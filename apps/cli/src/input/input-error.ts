/** The records given cannot be read (a bad JSON line, a missing topic...): exit 1, naming the line. */
export class InputError extends Error {
  override readonly name = "InputError";
}
