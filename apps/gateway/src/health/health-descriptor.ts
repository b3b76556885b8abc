import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { type DescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { service as healthService } from "grpc-health-check";

/**
 * The grpc.health.v1 file (health.proto) as reflection should serve it: the file grpc-health-check
 * loaded the service it serves from (no copy of the proto here), with its map entry named as
 * protoc names it. protobufjs, behind grpc-health-check's proto-loader, names the entry of
 * `map<string, HealthCheckResponse> statuses` "Statuses", and strict readers refuse the whole
 * file: grpcurl answers "incorrect implicit map entry name" even to a plain Check.
 */
export function healthFileDescriptors(): Uint8Array[] {
  const files = Object.values(healthService).flatMap((method) => [
    ...method.requestType.fileDescriptorProtos,
    ...method.responseType.fileDescriptorProtos,
  ]);
  // Every method names the same file: reflection wants it once.
  const unique = files.filter((file, index) => files.findIndex((other) => other.equals(file)) === index);
  return unique.map((bytes) => {
    const file = fromBinary(FileDescriptorProtoSchema, bytes);
    for (const message of file.messageType) renameMapEntries(message, `.${file.package}.${message.name}`);
    return toBinary(FileDescriptorProtoSchema, file);
  });
}

/** protoc's name for a map field's entry: the field's name in CamelCase, then "Entry". */
function mapEntryName(fieldName: string): string {
  const camel = fieldName.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
  return `${camel.charAt(0).toUpperCase()}${camel.slice(1)}Entry`;
}

function renameMapEntries(message: DescriptorProto, fullName: string): void {
  for (const nested of message.nestedType) {
    if (nested.options?.mapEntry) {
      const field = message.field.find(
        (candidate) =>
          candidate.typeName === nested.name || candidate.typeName === `${fullName}.${nested.name}`,
      );
      if (field !== undefined) {
        nested.name = mapEntryName(field.name);
        field.typeName = `${fullName}.${nested.name}`;
      }
    }
    renameMapEntries(nested, `${fullName}.${nested.name}`);
  }
}
