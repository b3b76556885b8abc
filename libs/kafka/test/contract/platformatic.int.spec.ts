// The contract suite against the platformatic adapter, on the real local broker.
import { describeAdminContract } from "./admin-contract.ts";
import { describeGroupConsumerContract } from "./group-consumer-contract.ts";
import { describeReadCommittedContract } from "./read-committed-contract.ts";
import { describeTransactionsContract } from "./transactions-contract.ts";

describeTransactionsContract("platformatic");
describeReadCommittedContract("platformatic");
describeReadCommittedContract("platformatic", "platformatic");
describeAdminContract("platformatic");
describeGroupConsumerContract("platformatic");
