{{/*
The Deployment shape shared by the two web services. Call with a dict:
  ctx            the root context ($)
  component      "frontend" | "backend" (selects .Values.<component>)
  containerPort  the port the image listens on
  probes         dict of startup/readiness/liveness HTTP paths
  annotations    pod-template annotations (checksums) as a dict
  env            optional list of extra env entries
  initContainers optional list of init containers
*/}}
{{- define "todo-chatbot.deployment" -}}
{{- $ := .ctx }}
{{- $values := get $.Values .component }}
{{- $name := printf "%s-%s" (include "todo-chatbot.fullname" $) .component }}
{{- $scope := dict "ctx" $ "component" .component }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "todo-chatbot.labels" $scope | nindent 4 }}
spec:
  {{- if not $values.hpa.enabled }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      {{- include "todo-chatbot.selectorLabels" $scope | nindent 6 }}
  # Zero downtime: a new pod must be Ready before an old one goes.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "todo-chatbot.labels" $scope | nindent 8 }}
      annotations:
        {{- toYaml (merge (dict) .annotations $values.podAnnotations) | nindent 8 }}
    spec:
      serviceAccountName: {{ include "todo-chatbot.serviceAccountName" $ }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "todo-chatbot.podSecurityContext" $ | nindent 8 }}
      {{- with $.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      affinity:
        {{- include "todo-chatbot.antiAffinity" $scope | nindent 8 }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .initContainers }}
      initContainers:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "todo-chatbot.image" (dict "ctx" $ "image" $values.image) }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .containerPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          {{- with .env }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          # Startup covers first boot (the backend migrates the database before it listens);
          # liveness only asks "is the process alive", readiness "can it serve now".
          startupProbe:
            httpGet:
              path: {{ .probes.startup }}
              port: http
            periodSeconds: 2
            timeoutSeconds: 2
            failureThreshold: 45
          readinessProbe:
            httpGet:
              path: {{ .probes.readiness }}
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          livenessProbe:
            httpGet:
              path: {{ .probes.liveness }}
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          # Keep serving while the endpoint removal reaches every Service proxy; SIGTERM
          # then lets in-flight requests finish within terminationGracePeriodSeconds.
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $values.preStopSleepSeconds }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "todo-chatbot.containerSecurityContext" $ | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The only writable path (read-only root filesystem).
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
{{- end }}

{{/* Service for a web service; call with (dict "ctx" $ "component" "backend"). */}}
{{- define "todo-chatbot.service" -}}
{{- $ := .ctx }}
{{- $values := get $.Values .component }}
{{- $scope := dict "ctx" $ "component" .component }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "todo-chatbot.fullname" $ }}-{{ .component }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "todo-chatbot.labels" $scope | nindent 4 }}
spec:
  type: {{ $values.service.type }}
  selector:
    {{- include "todo-chatbot.selectorLabels" $scope | nindent 4 }}
  ports:
    - name: http
      port: {{ $values.service.port }}
      targetPort: http
      protocol: TCP
      {{- if eq $values.service.type "NodePort" }}
      nodePort: {{ $values.service.nodePort }}
      {{- end }}
{{- end }}

{{/* HPA (autoscaling/v2, CPU); call with (dict "ctx" $ "component" "backend"). */}}
{{- define "todo-chatbot.hpa" -}}
{{- $ := .ctx }}
{{- $values := get $.Values .component }}
{{- if $values.hpa.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "todo-chatbot.fullname" $ }}-{{ .component }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "todo-chatbot.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "todo-chatbot.fullname" $ }}-{{ .component }}
  minReplicas: {{ $values.hpa.minReplicas }}
  maxReplicas: {{ $values.hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $values.hpa.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{/* PodDisruptionBudget; call with (dict "ctx" $ "component" "backend"). */}}
{{- define "todo-chatbot.pdb" -}}
{{- $ := .ctx }}
{{- $values := get $.Values .component }}
{{- if $values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "todo-chatbot.fullname" $ }}-{{ .component }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "todo-chatbot.labels" . | nindent 4 }}
spec:
  # maxUnavailable rather than minAvailable: it never blocks a node drain, even at 1 replica.
  maxUnavailable: {{ $values.pdb.maxUnavailable }}
  # A pod that is not Ready (e.g. crash-looping) protects nothing; let drains evict it.
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "todo-chatbot.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}
