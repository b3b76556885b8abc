{{/* The chart's name, unless nameOverride. */}}
{{- define "onceport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: every object is named after it. */}}
{{- define "onceport.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The labels that select the gateway's pods: the Deployment, the Service, the PDB and the ServiceMonitor use the same. */}}
{{- define "onceport.selectorLabels" -}}
app.kubernetes.io/name: {{ include "onceport.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end -}}

{{- define "onceport.labels" -}}
{{ include "onceport.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: onceport
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "onceport.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "onceport.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "onceport.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The policy's ConfigMap: the user's own, or the one the chart makes from policy.content. */}}
{{- define "onceport.policyConfigMap" -}}
{{- default (printf "%s-policy" (include "onceport.fullname" .)) .Values.policy.existingConfigMap -}}
{{- end -}}

{{/*
A setting's value as its environment variable's text. Helm reads every number of a values
file as a float64, which prints 604800000 as 6.048e+08: whole numbers are printed as integers.
*/}}
{{- define "onceport.settingText" -}}
{{- if kindIs "float64" . -}}
{{- if eq . (floor .) -}}{{- printf "%.0f" . -}}{{- else -}}{{- . -}}{{- end -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}

{{/*
A probe: the native gRPC probe on the gRPC port (plaintext, or TLS without verification),
an HTTP GET of the gateway's probes port (/healthz for liveness, /readyz otherwise), or a
TCP connect. Called with (dict "root" $ "service" "..." "path" "/readyz" "timing" .Values.probes.x).
*/}}
{{- define "onceport.probe" -}}
{{- $values := .root.Values -}}
{{- $mode := $values.probes.mode | default (ternary "tcp" "grpc" $values.tls.enabled) -}}
{{- if eq $mode "tcp" }}
tcpSocket:
  port: grpc
{{- else if eq $mode "http" }}
httpGet:
  port: probes
  path: {{ .path }}
{{- else }}
grpc:
  port: {{ $values.grpc.port }}
  service: {{ .service | quote }}
  {{- if eq $mode "grpcTLS" }}
  mode: TLS
  {{- end }}
{{- end }}
{{ toYaml .timing }}
{{- end -}}
