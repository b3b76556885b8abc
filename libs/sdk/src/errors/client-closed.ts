import { OnceportError } from "@onceport/errors";

/** The error every call gets once its client or publisher was closed. */
export function clientClosedError(what: string): OnceportError {
  return new OnceportError("CLIENT_CLOSED", `${what} is closed`);
}
