# One image for every Vaikuta service: the whole monorepo is compiled once; MAIN and CLI say
# which service a container runs (docker-compose.yml and deploy/k8s set them).
#
#   docker build -t vaikuta .
#   docker run -e MAIN=dist/services/feedback/src/main.js -e CLI=dist/services/feedback/src/cli.js \
#              -e DATABASE_URL=... -e NATS_URL=... -e REDIS_URL=... -p 3001:3001 vaikuta
#
# Three stages: the production dependencies alone (npm ci --omit=dev, so no compiler, test
# runner or linter is ever in the final image), the build with every dependency, and the final
# image that takes node_modules from the first and the compiled code from the second.
# deploy/test/dockerfile.spec.ts checks this file's shape (there is no Docker engine in CI).

FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
ENV CI=true
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
# State a container may keep: uploaded photos and, in the demo only, the development signing
# key. Created here owned by "node" so that named volumes mounted on them inherit that owner.
# npm, npx, corepack and yarn are removed: the services need only node, and a tool that can
# fetch and run packages has no place in a production container.
RUN mkdir -p /var/lib/vaikuta/photos /var/lib/vaikuta/dev-keys && chown -R node:node /var/lib/vaikuta \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3001 \
    MAIN=dist/services/feedback/src/main.js \
    CLI=dist/services/feedback/src/cli.js \
    SEED_DEMO=false \
    PHOTO_STORAGE_DIR=/var/lib/vaikuta/photos \
    AUTH_DEV_KEYS_DIR=/var/lib/vaikuta/dev-keys
# The code stays owned by root: the "node" user that runs it can read it but not change it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
# The development token script, for the demo: docker compose exec feedback node scripts/dev-token.mjs --role resident
COPY --from=build /app/scripts/dev-token.mjs ./scripts/dev-token.mjs
COPY --from=build /app/libs/auth/dev-issuer.cjs ./libs/auth/dev-issuer.cjs
# The local stand-ins for a city's geocoder, SMS provider, door locks, kuntalaisaloite.fi, Ahjo and
# trace collector (docker-compose.yml runs them).
COPY --from=build /app/scripts/stub-server.mjs /app/scripts/geocoder-stub.mjs /app/scripts/sms-sink.mjs /app/scripts/lock-stub.mjs /app/scripts/kuntalaisaloite-stub.mjs /app/scripts/ahjo-stub.mjs /app/scripts/trace-sink.mjs ./scripts/
# The service registry: the portal proxies and calls the services it lists.
COPY --from=build /app/deploy/services.json ./deploy/services.json
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Migrate (creates the database if missing), optionally seed the demo city, then serve.
# Set CLI to an empty string for a service without a database (the portal).
# In Kubernetes the migrate Job runs the migration and the Deployment overrides this command.
CMD ["sh", "-c", "set -e; if [ -n \"$CLI\" ]; then node \"$CLI\" migrate; if [ \"$SEED_DEMO\" = true ]; then node \"$CLI\" seed-demo; fi; fi; exec node --enable-source-maps \"$MAIN\""]
