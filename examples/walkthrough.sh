#!/usr/bin/env bash
# The ciie walkthrough: a new SQLite store, then the delegation routing of a few real units.
# Usage: examples/walkthrough.sh [path/to/ciie]   (default: ciie on PATH — works from an
# installed tree). The store is created in a fresh temporary directory and kept for a look.
set -euo pipefail
ciie=${1:-ciie}
work=$(mktemp -d "${TMPDIR:-/tmp}/ciie-walkthrough-XXXXXX")
export CIIE_DB="$work/ciie.db"
# The 7th edition's registration season, so every deadline rule behaves as it did then.
export CIIE_NOW="2024-06-03T10:00:00+08:00"

step() { printf '\n== %s\n' "$*"; }

step "1. Create the store (SQLite, WAL) and load the 7th edition's delegations"
"$ciie" init

step "2. Check identifiers: two real USCCs, a mistyped one, a citizen ID"
"$ciie" codes check uscc 91310115591693856A 9144030071526726XG 91310115591693856B || true
"$ciie" codes check cn_id 11010519491231002X

step "3. Route units to their trading delegations (DEL-1..5)"
echo "-- a Shanghai Pudong enterprise, by registration place:"
"$ciie" route --uscc 91310115591693856A
echo "-- a Shenzhen government unit (plan-listed city first; reviewed by its delegation):"
"$ciie" route --uscc 9144030071526726XG --category government
echo "-- a Xiamen enterprise:"
"$ciie" route --uscc 91350200MA2YJ1XR9G
echo "-- a Beijing unit of a central enterprise group (DEL-2):"
"$ciie" route --uscc 91110000600037341L --affiliation central --sub-delegation ce-sinopec
echo "-- a national registration (100000) needs an explicit choice:"
"$ciie" route --uscc 5310000050001234X6 --category social_org || true
"$ciie" route --uscc 5310000050001234X6 --category social_org --delegation beijing
echo "-- an industry delegation is joined only with its referral code (DEL-4):"
"$ciie" route --uscc 91330106MA27Y4U47R --delegation industry-01 || true

step "4. The audit trail"
"$ciie" audit

printf '\nThe store is at %s\n' "$CIIE_DB"
