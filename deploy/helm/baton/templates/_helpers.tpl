{{/*
The release's full name, as Helm's own chart template makes it: the release name when it already says "baton"
(release "baton" gives baton-api, not baton-baton-api), else "<release>-baton"; fullnameOverride wins. Cut to
55 characters so "-migrate" still fits Kubernetes' 63.
*/}}
{{- define "baton.name" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 55 | trimSuffix "-" -}}
{{- else if contains "baton" .Release.Name -}}
{{- .Release.Name | trunc 55 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-baton" .Release.Name | trunc 55 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "baton.labels" -}}
app.kubernetes.io/name: baton
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "baton.secretName" -}}
{{- if .Values.secrets.existingSecret -}}{{ .Values.secrets.existingSecret }}{{- else -}}{{ include "baton.name" . }}{{- end -}}
{{- end -}}

{{- define "baton.image" -}}{{ .Values.image.repository }}:{{ .Values.image.tag }}{{- end -}}

{{/* Settings from the ConfigMap, secrets from the Secret: never in the pod spec itself. */}}
{{- define "baton.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "baton.name" . }}
  - secretRef:
      name: {{ include "baton.secretName" . }}
{{- end -}}
