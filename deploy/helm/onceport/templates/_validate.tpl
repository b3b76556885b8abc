{{/* Combinations the gateway refuses at start-up, refused here at render time instead of as a crash loop. */}}
{{- define "onceport.validate" -}}
{{- $v := .Values -}}
{{- if empty $v.kafka.brokers -}}
{{- fail "kafka.brokers: name at least one bootstrap broker" -}}
{{- end -}}
{{- $stopSeconds := add (int $v.preStopSleepSeconds) (divf (float64 $v.shutdownGraceMs) 1000.0 | ceil | int) -}}
{{- if le (int $v.terminationGracePeriodSeconds) $stopSeconds -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + shutdownGraceMs / 1000 (%d): the gateway needs time after its grace to abort transactions and close producers" (int $v.terminationGracePeriodSeconds) $stopSeconds) -}}
{{- end -}}
{{- if and $v.tls.enabled (not $v.tls.secretName) -}}
{{- fail "tls.enabled: set tls.secretName (a kubernetes.io/tls Secret)" -}}
{{- end -}}
{{- if and $v.tls.clientCa.enabled (not $v.tls.enabled) -}}
{{- fail "tls.clientCa.enabled needs tls.enabled" -}}
{{- end -}}
{{- if not (has $v.auth.mode (list "none" "mtls" "jwt" "mtls-or-jwt")) -}}
{{- fail (printf "auth.mode: none, mtls, jwt or mtls-or-jwt, not %q" $v.auth.mode) -}}
{{- end -}}
{{- if ne $v.auth.mode "none" -}}
{{- if not $v.tls.enabled -}}
{{- fail (printf "auth.mode %s needs tls.enabled: tokens and principals over plaintext can be replayed" $v.auth.mode) -}}
{{- end -}}
{{- if not $v.policy.enabled -}}
{{- fail (printf "auth.mode %s needs policy.enabled: who may use which client ids and topics" $v.auth.mode) -}}
{{- end -}}
{{- end -}}
{{- if and (contains "mtls" $v.auth.mode) (not $v.tls.clientCa.enabled) -}}
{{- fail (printf "auth.mode %s needs tls.clientCa.enabled" $v.auth.mode) -}}
{{- end -}}
{{- if and (contains "jwt" $v.auth.mode) (not $v.auth.jwt.keysConfigMap) -}}
{{- fail (printf "auth.mode %s needs auth.jwt.keysConfigMap" $v.auth.mode) -}}
{{- end -}}
{{- if not (has $v.auth.jwt.format (list "jwks" "key")) -}}
{{- fail "auth.jwt.format: jwks or key" -}}
{{- end -}}
{{- if and $v.kafka.sasl.mechanism (or (not $v.kafka.sasl.username) (not $v.kafka.sasl.passwordSecret.name)) -}}
{{- fail "kafka.sasl.mechanism needs kafka.sasl.username and kafka.sasl.passwordSecret.name" -}}
{{- end -}}
{{- if and (or $v.kafka.tls.caSecret.name $v.kafka.tls.clientCertSecret) (not $v.kafka.tls.enabled) -}}
{{- fail "kafka.tls.caSecret and kafka.tls.clientCertSecret need kafka.tls.enabled" -}}
{{- end -}}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled" -}}
{{- end -}}
{{- if not (has ($v.probes.mode | default "auto") (list "auto" "grpc" "grpcTLS" "http" "tcp")) -}}
{{- fail (printf "probes.mode: grpc, grpcTLS, http, tcp or empty, not %q" $v.probes.mode) -}}
{{- end -}}
{{- if and (not $v.tls.enabled) (eq ($v.probes.mode | default "") "grpcTLS") -}}
{{- fail "probes.mode grpcTLS needs tls.enabled: the gateway serves plaintext" -}}
{{- end -}}
{{- if and (eq ($v.probes.mode | default "") "grpcTLS") $v.tls.clientCa.enabled (not (contains "jwt" $v.auth.mode)) -}}
{{- fail "probes.mode grpcTLS: the gateway requires a client certificate (tls.clientCa without jwt auth) and the kubelet has none: use tcp" -}}
{{- end -}}
{{- if and $v.tls.enabled (eq ($v.probes.mode | default "") "grpc") -}}
{{- fail "probes.mode grpc is plaintext and the gateway serves TLS: use http, grpcTLS or tcp" -}}
{{- end -}}
{{- if or (eq (int $v.probes.httpPort) (int $v.grpc.port)) (and $v.metrics.enabled (eq (int $v.probes.httpPort) (int $v.metrics.port))) -}}
{{- fail (printf "probes.httpPort (%d) must differ from grpc.port and metrics.port" (int $v.probes.httpPort)) -}}
{{- end -}}
{{- end -}}
