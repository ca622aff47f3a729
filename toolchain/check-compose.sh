#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker engine: `docker-compose config` (Debian's docker-compose) parses and
# validates it alone and with deploy/compose/optional-secrets.yml, and no secret setting is an environment variable
# (they are compose secrets, read through <NAME>_FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi

# Only AUTH_JWKS_URL is needed to start; the check runs without it too, as compose substitutes an empty value.
for files in "-f docker-compose.yml" "-f docker-compose.yml -f deploy/compose/optional-secrets.yml"; do
  # shellcheck disable=SC2086 # a list of -f flags
  rendered=$(docker-compose $files config)
  secrets='(DATABASE_URL|POSTGRES_PASSWORD|POSTGRES_PWD|AUTH_JWT_SECRET|NOTICE_SECRET|TEMPORAL_API_KEY|SMTP_URL|NOTIFY_WEBHOOKS|POC_PROVISIONING_WEBHOOK_URL|RENEWAL_HEALTH_WEBHOOK_URL|TEMPORAL_TLS_CLIENT_KEY_DATA):'
  if grep -En "^ +$secrets" <<<"$rendered"; then
    echo "docker-compose config $files: a secret is set as an environment variable (above)" >&2
    exit 1
  fi
  echo "docker-compose config $files: valid, $(grep -c '_FILE: /run/secrets/' <<<"$rendered") settings read from secret files"
done
