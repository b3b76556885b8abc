import { type DescFile, type DescService, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { healthFileDescriptors } from "../health/health-descriptor.ts";

/**
 * Server reflection (so grpcurl can list and call the services), fed from the
 * protobuf-es descriptors: @grpc/reflection only needs each service's file
 * descriptors, which it would otherwise get from @grpc/proto-loader. grpc.health.v1.Health,
 * which every gateway serves, is described too, so that `grpcurl ... grpc.health.v1.Health/Check`
 * works without a proto file.
 */
export function addReflection(
  server: Server,
  services: readonly DescService[],
  /** Files no service names but callers decode, such as the error details. */
  extraFiles: readonly DescFile[] = [],
): void {
  const packageDefinition = {
    ...Object.fromEntries(
      services.map((service) => [
        service.typeName,
        {
          fileDescriptorProtos: [service.file, ...extraFiles]
            .flatMap((file) => withDependencies(file))
            .map((file) => toBinary(FileDescriptorProtoSchema, file.proto)),
        },
      ]),
    ),
    "grpc.health.v1.Health": { fileDescriptorProtos: healthFileDescriptors() },
  };
  // The constructor reads only `fileDescriptorProtos` of each entry.
  new ReflectionService(
    packageDefinition as unknown as ConstructorParameters<typeof ReflectionService>[0],
  ).addToServer(server);
}

function withDependencies(file: DescFile, seen = new Set<string>()): DescFile[] {
  if (seen.has(file.name)) return [];
  seen.add(file.name);
  return [file, ...file.dependencies.flatMap((dependency) => withDependencies(dependency, seen))];
}
