{{/* Names, labels and shared pod settings. */}}

{{- define "todo-chatbot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object name prefix; release "todo-chatbot" gives "todo-chatbot", not "todo-chatbot-todo-chatbot". */}}
{{- define "todo-chatbot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "todo-chatbot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: only labels that never change between releases, because a Deployment's
selector is immutable and an upgrade that changes it fails.
Call with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-chatbot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Standard labels for every object. Call with (dict "ctx" $ "component" "backend"). */}}
{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" .ctx }}
{{ include "todo-chatbot.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
{{- end }}

{{- define "todo-chatbot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-chatbot.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* image reference; call with (dict "ctx" $ "image" .Values.backend.image) */}}
{{- define "todo-chatbot.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* Name of the Secret holding DATABASE_URL, JWT_SECRET and LLM_API_KEY. */}}
{{- define "todo-chatbot.secretName" -}}
{{- default (include "todo-chatbot.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* "true" when the chart runs its own PostgreSQL, empty otherwise. */}}
{{- define "todo-chatbot.postgresql.enabled" -}}
{{- if not (or .Values.secrets.databaseUrl .Values.secrets.existingSecret) }}true{{ end }}
{{- end }}

{{- define "todo-chatbot.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "todo-chatbot.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Checksum of everything the chart puts into its Secret, computed from the values rather
than the rendered Secret: a generated value is random in `helm template` but kept by
`lookup` on a real upgrade, so it must not roll the pods on every render.
*/}}
{{- define "todo-chatbot.secretChecksum" -}}
{{- toJson .Values.secrets | sha256sum }}
{{- end }}

{{/* Pod-level security context shared by the app pods (the images run as 10001:10001). */}}
{{- define "todo-chatbot.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "todo-chatbot.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/*
Soft anti-affinity: spread replicas over nodes when there are several, still schedule
them all on a single-node Minikube. Call with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-chatbot.antiAffinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "todo-chatbot.selectorLabels" . | nindent 12 }}
{{- end }}

{{/* Checks the schema cannot express; each names the value to fix. */}}
{{- define "todo-chatbot.validate" -}}
{{- range $component := list "frontend" "backend" }}
{{- $hpa := get (get $.Values $component) "hpa" }}
{{- if and $hpa.enabled (gt (int $hpa.minReplicas) (int $hpa.maxReplicas)) }}
{{- fail (printf "%s.hpa.minReplicas (%d) must not be greater than %s.hpa.maxReplicas (%d)" $component (int $hpa.minReplicas) $component (int $hpa.maxReplicas)) }}
{{- end }}
{{- end }}
{{- with .Values.secrets }}
{{- if and .existingSecret (or .databaseUrl .jwtSecret .llmApiKey) }}
{{- fail "secrets.existingSecret is set, so the chart creates no Secret: put DATABASE_URL, JWT_SECRET and LLM_API_KEY into that Secret and leave secrets.databaseUrl, secrets.jwtSecret and secrets.llmApiKey empty" }}
{{- end }}
{{- end }}
{{- end }}
