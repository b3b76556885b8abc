{{/*
The gateway settings `settings` may set, by flag name (apps/gateway/src/config.ts and
src/auth/security-settings.ts; tools/helm-check checks that each exists there). Left out on
purpose: what the chart sets from its own values (listen, brokers, shutdown-grace-ms, TLS,
auth, the policy, the JWT key files, Kafka TLS and SASL). The test-only switches are not
settings of the gateway at all: only its test entry point (apps/gateway/src/testing) has them.
*/}}
{{- define "onceport.passThroughSettings" -}}
transactional-id-prefix
receipts-topic
receipts-partitions
receipts-replication-factor
idempotency-window-ms
receipts-memory-per-client-bytes
receipts-filters-per-client
transaction-timeout-ms
kafka-transaction-timeout-ms
session-idle-timeout-ms
max-sessions
max-record-bytes
max-key-bytes
max-headers-per-record
max-header-bytes
kafka-max-batch-bytes
kafka-client
kafka-reader-client
max-request-bytes
max-records-per-publish
max-queued-per-session
stream-commit-interval-ms
stream-max-batch-records
stream-window-records
process-lease-ms
process-rebalance-grace-ms
process-session-timeout-ms
process-max-batch-records
process-max-in-flight-batches
process-max-workers
process-max-workers-per-principal
max-subscriptions
max-subscriptions-per-principal
max-audits
max-audits-per-principal
log-level
security-reload-ms
mtls-principal
jwt-issuer
jwt-audience
jwt-algorithms
jwt-principal-claim
jwt-clock-tolerance-s
max-sessions-per-principal
max-open-transactions
max-open-transactions-per-principal
max-unauthenticated-calls
rate-limit-per-principal
rate-limit-burst
{{- end -}}

{{/* The `settings` values as ONCEPORT_* variables; an unknown or refused name fails the render. */}}
{{- define "onceport.settingsEnv" -}}
{{- $allowed := include "onceport.passThroughSettings" . | splitList "\n" -}}
{{- range $name, $value := .Values.settings }}
{{- if not (has $name $allowed) }}
{{- fail (printf "settings.%s: not a gateway setting this chart passes through (see the settings table in deploy/helm/onceport/README.md)" $name) }}
{{- end }}
{{- if not (or (kindIs "invalid" $value) (eq (toString $value) "")) }}
- name: ONCEPORT_{{ $name | upper | replace "-" "_" }}
  value: {{ include "onceport.settingText" $value | quote }}
{{- end }}
{{- end }}
{{- end -}}
