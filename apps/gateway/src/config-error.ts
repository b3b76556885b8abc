/** A setting that is missing, malformed, or unsafe in combination with others. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
