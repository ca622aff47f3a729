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

{{/* Settings from the ConfigMap as environment variables; secrets are files (baton.secretFileEnv). */}}
{{- define "baton.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "baton.name" . }}
{{- end -}}

{{/*
The secret settings the pods read: the chart's Secret's non-empty values, or the keys listed for an existing
Secret (secrets.existingSecretKeys).
*/}}
{{- define "baton.secretKeys" -}}
{{- if .Values.secrets.existingSecret -}}
{{- join "," .Values.secrets.existingSecretKeys -}}
{{- else -}}
{{- $keys := list -}}
{{- range $name, $value := .Values.secrets.values -}}
{{- if $value -}}{{- $keys = append $keys $name -}}{{- end -}}
{{- end -}}
{{- join "," $keys -}}
{{- end -}}
{{- end -}}

{{/*
Secrets reach Baton as files (the Secret mounted at /run/secrets/baton), named by <NAME>_FILE variables: never as
environment variables, which `kubectl describe`, crash reports and child processes would show.
*/}}
{{- define "baton.secretFileEnv" -}}
{{- $env := list -}}
{{- range splitList "," (include "baton.secretKeys" .) -}}
{{- if . -}}
{{- $env = append $env (dict "name" (printf "%s_FILE" .) "value" (printf "/run/secrets/baton/%s" .)) -}}
{{- end -}}
{{- end -}}
{{- if $env -}}{{- toYaml $env -}}{{- end -}}
{{- end -}}

{{- define "baton.secretMount" -}}
- name: secrets
  mountPath: /run/secrets/baton
  readOnly: true
{{- end -}}

{{- define "baton.secretVolume" -}}
- name: secrets
  secret:
    secretName: {{ include "baton.secretName" . }}
{{- end -}}
