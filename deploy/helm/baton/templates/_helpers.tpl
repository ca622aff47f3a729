{{- define "baton.name" -}}{{ .Release.Name }}-baton{{- end -}}

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
