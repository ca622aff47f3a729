# Baton: one image for the API (default), the Temporal worker and the migration step.
#   docker build -t baton .
#   docker run baton                        # API on $PORT (3000)
#   docker run baton node bin/worker.js     # worker
#   docker run baton node bin/migrate.js    # apply migrations, exit 0
# The image runs JavaScript compiled in the build stage (`npm run build`): no tsx, TypeScript, Vite or React at
# run time, only the production dependencies (`npm ci --omit=dev`).
# Node 26 is the Active LTS line (LTS since 2026-10-28). glibc (Debian) base, not Alpine: Temporal's Core bridge
# and workflow bundling ship glibc binaries.
ARG NODE_IMAGE=node:26.13.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Every dependency (the build needs TypeScript, tsx and Vite). --ignore-scripts: no dependency needs its install
# script (npm 11, which the project uses, skips them); the project's own postinstall needs the sources, below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The Prisma client (generated into db/), then the server compiled to dist/server, the workflow bundles (plain
# and traced) and the web board (dist/web).
RUN DATABASE_URL=postgresql://localhost/baton npx prisma generate \
 && npm run build

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Temporal's Core bridge ships prebuilt binaries for every OS (about 27 MB each); only Linux's load here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@temporalio/core-bridge/releases/*-apple-darwin \
           node_modules/@temporalio/core-bridge/releases/*-windows-msvc

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
# Files stay root-owned (read-only to the app user); nothing under /app is written at run time.
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
# The compiled server, laid out as the sources are (/app/bin/api.js, /app/api/..., /app/prisma.config.js).
COPY --from=build /app/dist/server ./
# The migrations `bin/migrate.js` applies with the Prisma CLI, and its config (TypeScript, which the CLI loads
# itself; it imports the compiled db/migration-pool.js).
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/prisma.config.ts ./
COPY --from=build /app/dist/workflow-bundle.js /app/dist/workflow-bundle.traced.js ./dist/
# The web board the API serves at / (no CDN at run time).
COPY --from=build /app/dist/web ./dist/web
# The node user (uid 1000) ships with the official Node images.
USER node
EXPOSE 3000
# No HEALTHCHECK here: the worker and migrate containers share this image and serve no HTTP on the API's
# port. docker-compose.yml probes the API's /readyz and the worker's /healthz instead.
# node itself is the container's main process and receives SIGTERM.
CMD ["node", "bin/api.js"]
