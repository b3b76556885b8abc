// The typed view of a generated service descriptor (protobuf-es `GenService`): which methods are
// unary or streaming, and what each takes and returns, by the method's local name.
import type { DescMethod, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";

type Methods<S extends DescService> = S["method"];

/** The local names of the methods of a kind, e.g. `"openSession" | "publish" | ...` for "unary". */
type MethodNameOfKind<S extends DescService, Kind extends DescMethod["methodKind"]> = {
  [N in keyof Methods<S>]: Methods<S>[N]["methodKind"] extends Kind ? N : never;
}[keyof Methods<S>] &
  string;

export type UnaryMethodName<S extends DescService> = MethodNameOfKind<S, "unary">;
export type ServerStreamingMethodName<S extends DescService> = MethodNameOfKind<S, "server_streaming">;
export type BidiStreamingMethodName<S extends DescService> = MethodNameOfKind<S, "bidi_streaming">;

/** What a caller may pass to build a method's request (as `create(Schema, init)` takes it). */
export type MethodInit<S extends DescService, N extends keyof Methods<S>> = MessageInitShape<
  Methods<S>[N]["input"]
>;
/** A method's request message. */
export type MethodInput<S extends DescService, N extends keyof Methods<S>> = MessageShape<
  Methods<S>[N]["input"]
>;
/** A method's response message. */
export type MethodOutput<S extends DescService, N extends keyof Methods<S>> = MessageShape<
  Methods<S>[N]["output"]
>;
