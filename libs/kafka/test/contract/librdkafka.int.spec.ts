// The contract suite against the librdkafka adapter, on the real local broker.
import { describeAdminContract } from "./admin-contract.ts";
import { describeGroupConsumerContract } from "./group-consumer-contract.ts";
import { describeReadCommittedContract } from "./read-committed-contract.ts";
import { describeTransactionsContract } from "./transactions-contract.ts";

describeTransactionsContract("librdkafka");
describeReadCommittedContract("librdkafka");
describeReadCommittedContract("librdkafka", "librdkafka");
describeAdminContract("librdkafka");
describeGroupConsumerContract("librdkafka");
