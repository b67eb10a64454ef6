# CPOR Assistant as a container (Azure Container Apps, App Service for containers, any OCI runtime).
# Build: docker build -t cpor-assistant .
# Run:   docker run -p 3978:3978 --env-file .env cpor-assistant   (the settings of docs/configuration.md; without
#        MicrosoftAppId the bot listens on 127.0.0.1 only: add -e HOST=0.0.0.0 to try the local default from outside)

# Build stage: every dependency, TypeScript compiled to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json index.ts ./
COPY bot ./bot
COPY cards ./cards
COPY services ./services
RUN npm run build

# Runtime stage: production dependencies and the compiled bot only, run by an unprivileged user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The data folder (the local default's store, a generated link secret) must be writable by the bot's user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--disable-warning=DEP0111", "dist/index.js"]
