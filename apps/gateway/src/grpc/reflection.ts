import { type DescFile, type DescService, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { Server } from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";

/**
 * Server reflection (so grpcurl can list and call the services), fed from the
 * protobuf-es descriptors: @grpc/reflection only needs each service's file
 * descriptors, which it would otherwise get from @grpc/proto-loader.
 */
export function addReflection(
  server: Server,
  services: readonly DescService[],
  /** Files no service names but callers decode, such as the error details. */
  extraFiles: readonly DescFile[] = [],
): void {
  const packageDefinition = Object.fromEntries(
    services.map((service) => [
      service.typeName,
      {
        fileDescriptorProtos: [service.file, ...extraFiles]
          .flatMap((file) => withDependencies(file))
          .map((file) => toBinary(FileDescriptorProtoSchema, file.proto)),
      },
    ]),
  );
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
