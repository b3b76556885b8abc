import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { maxMetadataBytes, maxTokenBytes, oversizedMetadata } from "./metadata-bounds.ts";

const metadataWith = (entries: [string, string | Buffer][]): Metadata => {
  const metadata = new Metadata();
  for (const [name, value] of entries) metadata.add(name, value);
  return metadata;
};

describe("oversizedMetadata", () => {
  it("lets a token and other metadata each up to their bound through", () => {
    const token = `Bearer ${"t".repeat(maxTokenBytes - 7)}`;
    const other = "v".repeat(maxMetadataBytes - "x-other".length);
    expect(
      oversizedMetadata(
        metadataWith([
          ["authorization", token],
          ["x-other", other],
        ]),
      ),
    ).toBeUndefined();
  });

  it("refuses a token over its bound as UNAUTHENTICATED, whatever the rest holds", () => {
    const refused = oversizedMetadata(metadataWith([["authorization", "B".repeat(maxTokenBytes + 1)]]));
    expect(refused).toEqual(expect.objectContaining({ reason: "UNAUTHENTICATED", retriable: false }));
    expect(refused?.message).toContain(`token of ${maxTokenBytes + 1} bytes`);
  });

  it("counts every value of a repeated name and binary values, and refuses the sum as REQUEST_TOO_LARGE", () => {
    const half = "v".repeat(maxMetadataBytes / 2);
    const refused = oversizedMetadata(
      metadataWith([
        ["x-repeated", half],
        ["x-repeated", half],
        ["x-raw-bin", Buffer.alloc(1)],
      ]),
    );
    expect(refused).toEqual(expect.objectContaining({ reason: "REQUEST_TOO_LARGE", retriable: false }));
    expect(refused?.message.length).toBeLessThan(200);
  });
});
