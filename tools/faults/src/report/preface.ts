/** How to read docs/fault-report.md; put before the tables. */
export const preface = `
Each scenario runs real processes: gateways (\`node apps/gateway/src/main.ts\`), SDK clients
(\`@onceport/sdk\`) of three kinds (atomic publishes, interactive transactions, the publish stream),
the single local broker or the 3-broker cluster (replication factor 3, \`min.insync.replicas=2\`),
and injects its faults while the load runs. Every client writes unique, per-client-sequenced
message ids and a ledger of what it was told (acknowledged, failed, unknown); at the end the audit
(\`libs/audit\`) reads everything back and judges it against the ledger. A scenario passes when the
audit passes (no duplicate, no acknowledged write lost or unseen, nothing failed or aborted visible,
per-client order kept, every unknown outcome at most once, no hanging transaction, for Process every
input's outputs exactly once with the group's offsets right), every fault was followed by every
busy client being served again within the liveness bound, and the load finished.

"Served again after" is counted from the fault (for faults that last, from their end) to the first
acknowledgement of the last client to get one. How it was run and what each part does:
\`tools/faults/README.md\`.
`;
