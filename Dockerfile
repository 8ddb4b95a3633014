# Build: compile TypeScript to dist/ with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds the client from sources not copied yet; `npm run build` below compiles all of src/ (the client included)
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build
# the web console (its prepare step skipped it above: ui/ was not copied yet)
COPY ui ./ui
RUN npm run build:ui

# Run: production dependencies, the compiled server, migrations and the contract, as a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8081 DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the client build) needs the dev dependencies; dist/ comes from the build stage
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/ui/dist ./ui/dist
COPY db ./db
COPY openapi.yaml ./
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 8081
VOLUME ["/app/data"]
# the same V8 heap settings as `npm start` (README, Performance)
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=50", "dist/main.js"]
