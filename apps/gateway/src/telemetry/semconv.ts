/**
 * The semantic-convention names the gateway's telemetry uses. Messaging and
 * RPC attributes are still "incubating" in @opentelemetry/semantic-conventions,
 * so, as OpenTelemetry's own instrumentations do, they are copied here rather
 * than imported from its unstable entry point.
 */
export const ATTR_RPC_SYSTEM = "rpc.system";
export const ATTR_RPC_SERVICE = "rpc.service";
export const ATTR_RPC_METHOD = "rpc.method";
export const ATTR_RPC_GRPC_STATUS_CODE = "rpc.grpc.status_code";
export const ATTR_ERROR_TYPE = "error.type";

export const ATTR_MESSAGING_SYSTEM = "messaging.system";
export const ATTR_MESSAGING_OPERATION_TYPE = "messaging.operation.type";
export const ATTR_MESSAGING_OPERATION_NAME = "messaging.operation.name";
export const ATTR_MESSAGING_DESTINATION_NAME = "messaging.destination.name";
export const ATTR_MESSAGING_DESTINATION_PARTITION_ID = "messaging.destination.partition.id";
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = "messaging.consumer.group.name";
export const ATTR_MESSAGING_MESSAGE_ID = "messaging.message.id";
export const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = "messaging.batch.message_count";
export const ATTR_MESSAGING_KAFKA_MESSAGE_KEY = "messaging.kafka.message.key";
export const ATTR_MESSAGING_KAFKA_OFFSET = "messaging.kafka.offset";
export const MESSAGING_SYSTEM_KAFKA = "kafka";

/** Onceport's own attributes. */
export const ATTR_CLIENT_ID = "onceport.client_id";
export const ATTR_SESSION_ID = "onceport.session_id";
export const ATTR_TRANSACTIONAL_ID = "onceport.transactional_id";
export const ATTR_TRANSACTION_ID = "onceport.transaction_id";
export const ATTR_TRANSACTION_KIND = "onceport.transaction.kind";
export const ATTR_TRANSACTION_OUTCOME = "onceport.transaction.outcome";
export const ATTR_TRANSACTION_RECORDS = "onceport.transaction.records";
export const ATTR_TRANSACTION_PUBLISHES = "onceport.transaction.publishes";
/** The key that makes every attempt of a publish the same logical publish. */
export const ATTR_IDEMPOTENCY_KEY = "onceport.idempotency_key";
/** True when the answer came from the key's receipt and nothing was written. */
export const ATTR_DUPLICATE = "onceport.duplicate";
export const ATTR_BATCH_ID = "onceport.batch_id";
export const ATTR_BATCH_OUTCOME = "onceport.batch.outcome";
/** "<topic>/<partition>/<offset>" of the input record a Process output came from. */
export const ATTR_INPUT = "onceport.input";
