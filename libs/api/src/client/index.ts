export * from "./method-types.ts";
export * from "./service-client.ts";
