/** The SDK's name and version, as its spans' instrumentation scope. */
export const sdkName = "@onceport/sdk";
export const sdkVersion = "0.1.0";
