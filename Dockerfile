# Baton: one image for the API (default), the Temporal worker and the migration step.
#   docker build -t baton .
#   docker run baton                                     # API on $PORT (3000)
#   docker run baton node --import tsx bin/worker.ts     # worker
#   docker run baton node --import tsx bin/migrate.ts    # apply migrations, exit 0
# glibc (Debian) base, not Alpine: workflow bundling uses @swc/core's glibc binaries.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only: generating the client and bundling workflows need no dev
# dependency, and tsx and the prisma CLI (used by bin/migrate.ts) are regular dependencies.
# --ignore-scripts: no dependency needs its install script (npm 11, which the project
# uses, skips them; this image's npm 10 would run them, e.g. @prisma/engines fetching
# native engines that the JS engine never uses). The project's own postinstall
# (prisma generate) needs the schema, so it runs below once the sources are in.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY . .
# postinstall supplies a placeholder DATABASE_URL when none is set, and builds the web board into dist/web.
RUN npm run postinstall \
 && node --import tsx bin/bundle-workflows.ts /app/dist/workflow-bundle.js

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
# Files stay root-owned (read-only to the app user); nothing under /app is written at run time.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/api ./api
COPY --from=build /app/activities ./activities
COPY --from=build /app/bin ./bin
# db/ includes db/generated, the Prisma client generated in the build stage.
COPY --from=build /app/db ./db
COPY --from=build /app/domain ./domain
COPY --from=build /app/runtime ./runtime
COPY --from=build /app/toolchain ./toolchain
COPY --from=build /app/workflows ./workflows
COPY --from=build /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# The web board the API serves at / (built at install, with no CDN at run time).
COPY --from=build /app/dist/web ./dist/web
# The node user (uid 1000) ships with the official Node images.
USER node
EXPOSE 3000
# No HEALTHCHECK here: the worker and migrate containers share this image and serve no
# HTTP. docker-compose.yml probes the API's /readyz instead.
# `node --import tsx` (as the project's process tests run the entry points) rather than
# `npx tsx`: node is then the container's main process and receives SIGTERM itself.
CMD ["node", "--import", "tsx", "bin/api.ts"]
