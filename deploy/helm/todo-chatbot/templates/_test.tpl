{{/*
A `helm test` pod that GETs one URL with the app image's own Python (no extra image to
pull). Call with (dict "ctx" $ "name" "backend-ready" "image" .Values.backend.image
"url" "http://..." "expectedStatus" "ready").
*/}}
{{- define "todo-chatbot.testPod" -}}
{{- $ := .ctx }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "todo-chatbot.fullname" $ }}-test-{{ .name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "todo-chatbot.labels" (dict "ctx" $ "component" "test") | nindent 4 }}
  annotations:
    helm.sh/hook: test
    # A failed test pod stays for `kubectl logs` until the next `helm test`.
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  restartPolicy: Never
  serviceAccountName: {{ include "todo-chatbot.serviceAccountName" $ }}
  automountServiceAccountToken: false
  enableServiceLinks: false
  securityContext:
    {{- include "todo-chatbot.podSecurityContext" $ | nindent 4 }}
  {{- with $.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: http-check
      image: {{ include "todo-chatbot.image" (dict "ctx" $ "image" .image) }}
      imagePullPolicy: {{ .image.pullPolicy }}
      command:
        - python
        - -c
        - {{ $.Files.Get "files/http-check.py" | quote }}
        - {{ .url | quote }}
        {{- with .expectedStatus }}
        - {{ . | quote }}
        {{- end }}
      resources:
        {{- toYaml $.Values.tests.resources | nindent 8 }}
      securityContext:
        {{- include "todo-chatbot.containerSecurityContext" $ | nindent 8 }}
{{- end }}
