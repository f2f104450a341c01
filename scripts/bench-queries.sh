#!/usr/bin/env bash
# Database queries per signed-in page (budget: 4, SPEC/issue 14: session and
# membership, the page's data in one or two): starts the server with
# sqlx's statement log, signs in as the demo Global admin, opens each page
# once, one after the other, and counts the statements each page caused
# (the outbox sender's polls and new connections' PRAGMAs left out). Prints a line per page and fails
# when one is over budget. SERVER_BIN=… for another build (default: the one
# `cargo test` makes). SHOW=1 prints each page's statements.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
SERVER_BIN="${SERVER_BIN:-./target/debug/partner_portal}"
BUDGET="${BUDGET:-4}"
PORT=3210
dir=$(mktemp -d)
log="$dir/server.log"
LOG_FORMAT=json RUST_LOG=warn,sqlx::query=debug start_demo_server $PORT "sqlite:$dir/q.db?mode=rwc" "$log"
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin"

sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$dir/jar" >/dev/null
pid_of() { sqlite3 "$dir/q.db" "SELECT partner_id FROM accounts WHERE legal_name = '$1'"; }
contoso=$(pid_of 'Contoso Partners')
fabrikam=$(pid_of 'Fabrikam Apps')
location=$(sqlite3 "$dir/q.db" "SELECT l.id FROM locations l JOIN accounts a ON a.id = l.account_id WHERE a.partner_id = $contoso LIMIT 1")
member=$(sqlite3 "$dir/q.db" "SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id JOIN accounts a ON a.id = m.account_id WHERE a.partner_id = $contoso AND u.email = 'sam@contoso.example'")

pages=(
  "/a/$contoso" "/a/$contoso/programs" "/a/$contoso/programs/referrals" "/a/$contoso/settings/partner"
  "/a/$contoso/settings/partner/programs" "/a/$contoso/settings/partner/agreements"
  "/a/$contoso/settings/partner/activity" "/a/$contoso/settings/partner/profile"
  "/a/$contoso/settings/partner/billing" "/a/$contoso/settings/partner/business"
  "/a/$contoso/settings/partner/organization" "/a/$contoso/settings/partner/support"
  "/a/$contoso/settings/partner/tax-exemptions" "/a/$contoso/settings/partner/cpv-applications"
  "/a/$contoso/settings/partner/locations" "/a/$contoso/settings/partner/locations/add"
  "/a/$contoso/settings/partner/locations/$location" "/a/$contoso/users" "/a/$contoso/users/add"
  "/a/$contoso/users/invite" "/a/$contoso/users/$member" "/a/$contoso/roles" "/a/$contoso/catalog"
  "/a/$contoso/pricing" "/a/$contoso/profile" "/a/$contoso/new-account"
  "/a/$fabrikam/settings/developer" "/a/$fabrikam/settings/developer/account"
  "/a/$fabrikam/settings/developer/contact" "/a/$fabrikam/settings/developer/payout"
)
over=0
total=0
for page in "${pages[@]}"; do
  before=$(wc -l <"$log")
  status=$(curl -s -b "$dir/jar" -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "http://127.0.0.1:$PORT$page")
  sleep 0.2
  count=$(tail -n +"$((before + 1))" "$log" | grep '"sqlx::query"' | grep -v 'PRAGMA' | grep -vc 'FROM outbox' || true)
  mark="ok"
  if [ "$count" -gt "$BUDGET" ]; then mark="OVER"; over=$((over + 1)); fi
  total=$((total + 1))
  printf '%-60s %s  %2d queries  %s\n' "$page" "$status" "$count" "$mark"
  # SHOW=1: each page's statements (their first 160 characters).
  if [ -n "${SHOW:-}" ]; then
    tail -n +"$((before + 1))" "$log" | grep '"sqlx::query"' | grep -v 'PRAGMA' | grep -v 'FROM outbox' \
      | sed -E 's/.*"summary":"([^"]{0,160}).*/      \1/' || true
  fi
done
echo "$((total - over)) of $total signed-in pages within $BUDGET queries; $over over"
[ "$over" -eq 0 ]
