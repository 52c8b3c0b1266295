#!/usr/bin/env bash
# Production install check (issue 19, item 12): a copy of the committed tree installed
# WITHOUT devDependencies must start and serve a working citizen page, including the Web
# Chat bundle (/static/webchat.js comes from botframework-webchat, which must therefore be
# a runtime dependency).
#
#   .ci/production-install.sh            # npm ci --omit=dev into a temp copy (as a container build does)
#   PROD_INSTALL=prune .ci/production-install.sh
#                                        # offline variant for a workstation: copy the installed
#                                        # node_modules and `npm prune --omit=dev` (same dependency set)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tthc-prod-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Only what git tracks (a clean checkout), never local data or keys.
git -C "$root" archive --format=tar HEAD | tar -x -C "$work/"
cd "$work"
if [ "${PROD_INSTALL:-ci}" = "prune" ]; then
  cp -a "$root/node_modules" "$work/node_modules"
  npm prune --omit=dev --no-audit --no-fund >/dev/null
else
  npm ci --omit=dev --no-audit --no-fund
fi
if [ -d node_modules/vitest ] || [ -d node_modules/typescript ]; then
  echo "devDependencies are still installed: the check would prove nothing" >&2
  exit 1
fi

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
PROFILE_ENCRYPTION_KEY="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")" DATA_DIR="$work/.data" PORT="$port" HOST=127.0.0.1 NODE_ENV=production LOG_LEVEL=warn npm start >"$work/server.log" 2>&1 &
server_pid=$!

# The first start builds the retrieval indexes; allow it several minutes.
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; echo "server exited" >&2; exit 1; fi
  sleep 1
done
page=$(curl -fsS "http://127.0.0.1:$port/")
echo "$page" | grep -q '<script src="/static/webchat.js"></script>' || { echo "citizen page without Web Chat" >&2; exit 1; }
bytes=$(curl -fsS "http://127.0.0.1:$port/static/webchat.js" | wc -c)
if [ "$bytes" -lt 100000 ]; then echo "Web Chat bundle missing or truncated ($bytes bytes)" >&2; exit 1; fi
# The page's chat must work too: it can get a Direct Line token for a new conversation.
curl -fsS -X POST "http://127.0.0.1:$port/api/directline/token" | grep -q '"token"' || { echo "no Direct Line token" >&2; exit 1; }
echo "production install serves the citizen page and Web Chat ($bytes bytes)"
