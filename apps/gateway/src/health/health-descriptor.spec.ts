import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { healthFileDescriptors } from "./health-descriptor.ts";

describe("the health service's descriptor for reflection", () => {
  const files = healthFileDescriptors().map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));

  it("is one file, of package grpc.health.v1, with the service that is served", () => {
    expect(files.map((file) => file.package)).toEqual(["grpc.health.v1"]);
    const service = files[0]?.service.find((candidate) => candidate.name === "Health");
    expect(service?.method.map((method) => method.name)).toEqual(expect.arrayContaining(["Check", "Watch"]));
  });

  it("names the map entry of HealthListResponse.statuses as protoc does, which grpcurl insists on", () => {
    const list = files[0]?.messageType.find((message) => message.name === "HealthListResponse");
    expect(list?.nestedType.map((nested) => [nested.name, nested.options?.mapEntry])).toEqual([
      ["StatusesEntry", true],
    ]);
    expect(list?.field.find((field) => field.name === "statuses")?.typeName).toBe(
      ".grpc.health.v1.HealthListResponse.StatusesEntry",
    );
  });
});
