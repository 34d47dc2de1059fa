#!/bin/sh
# What `npm start` and the Docker image run: migrate to head, then serve. Replicas
# starting together are safe: retort holds an advisory lock (PostgreSQL) or the data
# directory's lock file (PGlite) for the whole upgrade, so they apply it one at a time.
set -eu
cd "$(dirname "$0")"
./migrate.sh upgrade head
# exec: node becomes this process, so SIGTERM from `docker stop` reaches the server.
exec node --import tsx app/main.ts
