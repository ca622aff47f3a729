#!/usr/bin/env bash
# Checks the Helm chart (deploy/helm/baton): `helm lint --strict`, then `helm template` with the default values
# and with the alternatives (an existing Secret, no autoscaling, no migration hook), each rendered manifest
# validated against the Kubernetes API's own types (toolchain/k8s-validate: strict decoding, no cluster and
# no schema download). Helm and the validator are built with Go once and cached in ~/.cache/baton/k8s-tools.
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION=v4.3.2
cache="${BATON_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/baton}/k8s-tools"
mkdir -p "$cache"

helm="$cache/helm-$HELM_VERSION/helm"
if [ ! -x "$helm" ]; then
  echo "building helm $HELM_VERSION with go install (several minutes the first time)"
  GOBIN="$cache/helm-$HELM_VERSION" go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
fi

# Rebuilt whenever its source or dependencies change.
source_hash=$(cat toolchain/k8s-validate/main.go toolchain/k8s-validate/go.mod toolchain/k8s-validate/go.sum | sha256sum | cut -c1-12)
validate="$cache/k8s-validate-$source_hash"
if [ ! -x "$validate" ]; then
  echo "building the manifest validator (toolchain/k8s-validate)"
  (cd toolchain/k8s-validate && go build -o "$validate" .)
fi

chart=deploy/helm/baton
"$helm" lint --strict "$chart"
for variant in \
  "" \
  "--set secrets.existingSecret=baton-secrets --set secrets.existingSecretKeys={DATABASE_URL,AUTH_JWT_SECRET}" \
  "--set worker.autoscaling.enabled=false --set migration.enabled=false"; do
  echo "helm template $chart ${variant:-(default values)}"
  # shellcheck disable=SC2086 # the variant is a list of flags
  "$helm" template baton "$chart" $variant | "$validate"
done

# Resource names: release "baton" gives baton-api (not baton-baton-api), another release "<release>-baton-api".
names() { "$helm" template "$1" "$chart" | awk '/^kind: (Deployment|Job)$/ {kind=$2} /^  name: / && kind {print $2; kind=""}' | sort | tr '\n' ' '; }
for expected in "baton:baton-api baton-migrate baton-worker " "crm:crm-baton-api crm-baton-migrate crm-baton-worker "; do
  release=${expected%%:*}
  got=$(names "$release")
  if [ "$got" != "${expected#*:}" ]; then
    echo "release $release: expected the names ${expected#*:}but got $got" >&2
    exit 1
  fi
  echo "release $release: $got"
done

# Secrets reach the pods as files only (the Secret mounted, <NAME>_FILE naming each): never through secretRef or
# secretKeyRef, and the API, the worker and the migration each read DATABASE_URL from its file.
rendered=$("$helm" template baton "$chart")
if grep -qE 'secretRef|secretKeyRef' <<<"$rendered"; then
  echo "a secret reaches a pod as an environment variable (secretRef or secretKeyRef)" >&2
  exit 1
fi
files=$(grep -c 'name: DATABASE_URL_FILE' <<<"$rendered")
if [ "$files" -ne 3 ]; then
  echo "expected DATABASE_URL_FILE in the API, the worker and the migration, found it $files times" >&2
  exit 1
fi
echo "secrets as files: DATABASE_URL_FILE in the API, the worker and the migration; no secret in an environment"
