# One image for the API, the worker and the web app (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build -w @refocus/engine \
 && API_PUBLIC_URL=http://localhost:4000 npm run build -w @refocus/web
ENV NODE_ENV=production
EXPOSE 4000 3000
CMD ["node_modules/.bin/tsx", "apps/api/src/server.ts"]
