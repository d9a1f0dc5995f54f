# Yishi: one Node process serving the web app, the HTTP API, the Yjs endpoint and Socket.IO on port 3000.

# --- build: install everything (better-sqlite3 may compile from source), build the client and
#     compile the server to JavaScript (dist/client, dist/node), then drop dev tools
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- run: no compiler and no TypeScript: node_modules without dev tools, the built client and the
#     compiled server (package.json says the .js files are ES modules)
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json package-lock.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Plain HTTP on PORT; with TLS_CERT/TLS_KEY set, override this check (or rely on the proxy's).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: the server flushes storage and closes connections (forced exit after 10 s).
CMD ["node", "dist/node/server/main.js"]
