#!/usr/bin/env bash
# The ciie walkthrough: a business licence scan read by OCR, then a new SQLite store; the unit
# registered from its scan; identifiers and delegation routing; units registered by their
# delegation from a file, by themselves with an SMS code, and through an industry delegation's
# referral code; attendees added in bulk, submission, automatic and delegation review, a
# delivery address; badge orders paid through the B2B gateway's signed notice and by a bank
# transfer matched from a statement; an invoice and a partial refund; a returning unit claiming
# its past record and reusing a badge; supporting events, a purchase need matched to exhibits
# and a meeting; points earned, reversed and spent on an e-coupon; statistics and a masked
# export; the progress flow; what a delegation then sees.
# Usage: examples/walkthrough.sh [path/to/ciie]   (default: ciie on PATH — works from an
# installed tree). The store is created in a fresh temporary directory and kept for a look.
set -euo pipefail
ciie=${1:-ciie}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ciie-walkthrough-XXXXXX")
# CIIE_DB set by the caller (an empty PostgreSQL database, say) is used instead of the new file.
export CIIE_DB="${CIIE_DB:-$work/ciie.db}"
# The 7th edition's registration season, so every deadline rule behaves as it did then.
export CIIE_NOW="2024-06-03T10:00:00+08:00"
# Two payment gateways (examples/walkthrough.toml); their notice keys come from the environment,
# here example values — a deployment keeps real ones in its own variables or files.
export CIIE_CONFIG="$here/walkthrough.toml"
export CIIE_B2B_SECRET="example-b2b-notice-key"
export CIIE_WECHAT_SECRET="example-wechat-notice-key"

step() { printf '\n== %s\n' "$*"; }
say() { printf -- '-- %s\n' "$*"; }

step "1. Read a business licence scan (REG-3): every field with its confidence, no store needed"
say "licence-sample.png is a synthetic clean scan; licence-sample.json beside it is its truth"
"$ciie" ocr "$here/licence-sample.png"

step "2. Create the store (SQLite, WAL) and load the 7th edition's delegations"
"$ciie" init

step "3. The Fujian delegation registers the unit from its scan: the USCC becomes the account"
say "a typed name that disagrees with the scan is refused, listing the field:"
"$ciie" --as delegation:fujian register --licence "$here/licence-sample.png" \
  --name '天泰智能科技有限公司' --category enterprise --consent || true
say "without it, the scan gives the USCC, name, legal representative, address and capital:"
"$ciie" --as delegation:fujian register --licence "$here/licence-sample.png" \
  --category enterprise --phone 13900001234 --consent
"$ciie" --as delegation:fujian unit show 91350100MA45BGC17X

step "4. Check identifiers: two real USCCs, a mistyped one, a citizen ID"
"$ciie" codes check uscc 91310115591693856A 9144030071526726XG 91310115591693856B || true
"$ciie" codes check cn_id 11010519491231002X

step "5. Route units to their trading delegations (DEL-1..5)"
say "a Shenzhen government unit: plan-listed city first, reviewed by its delegation"
"$ciie" route --uscc 9144030071526726XG --category government
say "a Beijing unit of a central-enterprise group (DEL-2)"
"$ciie" route --uscc 91110000600037341L --affiliation central --sub-delegation ce-sinopec
say "a national registration (100000) needs an explicit choice"
"$ciie" route --uscc 5310000050001234X6 --category social_org || true

step "6. The Jiangsu delegation registers its units from a file (all rows or none)"
"$ciie" --as delegation:jiangsu register --from "$here/jiangsu-units.csv" --dry-run
"$ciie" --as delegation:jiangsu register --from "$here/jiangsu-units.csv"
say "running the same file again changes nothing"
"$ciie" --as delegation:jiangsu register --from "$here/jiangsu-units.csv"

step "7. A Shanghai enterprise registers itself: SMS code, password, consent (REG-1..5)"
"$ciie" --as applicant verify send --phone 13812345678
say "the development outbox holds the SMS the gateway would have sent:"
"$ciie" verify outbox --to 13812345678 --limit 1
code=$("$ciie" --json verify outbox --to 13812345678 --limit 1 | grep -o '验证码为 [0-9]\{6\}' | grep -o '[0-9]\{6\}')
printf 'Expo-2024-visit\n' | "$ciie" --as applicant register --uscc 91310115591693856A \
  --name '上海示例国际贸易有限公司' --category enterprise --phone 13812345678 \
  --sms-code "$code" --consent --password-stdin

step "8. An industry delegation's referral code is the only way in (DEL-4, REF-1..3)"
referral=$("$ciie" --as delegation:industry-01 referral create --max-uses 2 --note 'walkthrough')
echo "code: $referral"
"$ciie" register --uscc 91330106MA27Y4U47R --name '杭州示例数字科技有限公司' --category enterprise \
  --phone 13700001111 --referral "$referral" --consent
"$ciie" referral check "$referral"
say "a mistyped code is caught by its check character:"
"$ciie" referral check "${referral:0:7}${referral:8:1}${referral:7:1}" || true

step "9. The Fujian unit adds its attendees with photos, in bulk (SUB-2; all rows or none)"
"$ciie" --as delegation:fujian person import --unit 91350100MA45BGC17X --from "$here/persons-fujian.csv"
"$ciie" --as delegation:fujian person list --unit 91350100MA45BGC17X
say "one badge per person per edition, across all units (一人一证):"
"$ciie" --as delegation:jiangsu person add --unit 11320000MB0112344P --name 林晓峰 \
  --doc-type cn_id --doc-number 35010219850312123X --phone 13900001235 --badge full || true

step "10. Submit (SUB-1): an enterprise is approved at once (REV-1), a government office waits"
"$ciie" --as delegation:fujian submit --unit 91350100MA45BGC17X
"$ciie" --as delegation:jiangsu person add --unit 11320000MB0112344P --name 周敏 \
  --doc-type cn_id --doc-number 320102198804150020 --phone 13912340021 --badge full \
  --photo "$here/photos/person-2.png"
say "a second attendee whose photo is still to come: person review will wait for it (REV-3)"
"$ciie" --as delegation:jiangsu person add --unit 11320000MB0112344P --name 孙丽 \
  --doc-type cn_id --doc-number 320102199001010029 --phone 13912340022 --badge full
"$ciie" --as delegation:jiangsu submit --unit 11320000MB0112344P
"$ciie" --as delegation:jiangsu person add --unit 12320100MB1234562P --name 吴磊 \
  --doc-type cn_id --doc-number 320104197612300010 --phone 13912340031 --badge weekend
"$ciie" --as delegation:jiangsu submit --unit 12320100MB1234562P

step "11. The Jiangsu delegation reviews its queue (REV-2): a listing, then one batch"
"$ciie" --as delegation:jiangsu review
say "another delegation cannot decide Jiangsu's units:"
"$ciie" --as delegation:zhejiang review --unit 11320000MB0112344P --approve || true
"$ciie" --as delegation:jiangsu review --batch --approve-all --category government

step "12. A delivery address (ADR-1)"
"$ciie" --as unit:91350100MA45BGC17X address add --unit 91350100MA45BGC17X --recipient 林晓峰 \
  --phone 13900001235 --division 350102 --detail '五四路 158 号 12 楼' --postcode 350003

step "13. The Fujian unit orders its badges (ORD-1..3) and pays through the B2B gateway (PAY-2)"
"$ciie" --as delegation:fujian order create --unit 91350100MA45BGC17X --expect-total 500.00
fujian_order=$("$ciie" --json order list --unit 91350100MA45BGC17X | grep -o 'V[0-9]\{23\}' | head -1)
say "the bank's gateway posts a signed notice back (HMAC-SHA256 over the exact body):"
notice="$work/notice.json"
printf '{"gateway":"b2b","transaction_id":"B2B-20240603-0001","order":"%s","status":"success","amount_fen":50000,"timestamp":"%s","payer_name":"天泰（福州）智能科技有限公司","payer_account":"35001234567890"}' \
  "$fujian_order" "$CIIE_NOW" >"$notice"
signature=$(openssl dgst -sha256 -hmac "$CIIE_B2B_SECRET" -r "$notice" | cut -d' ' -f1)
"$ciie" pay notify --file "$notice" --signature "$signature"
say "delivered again, it changes nothing; a forged signature is refused:"
"$ciie" pay notify --file "$notice" --signature "$signature"
forged=$(printf '%s' "$signature" | tr '0-9a-f' '1-9a-f0')
"$ciie" pay notify --file "$notice" --signature "$forged" || true
"$ciie" --as delegation:fujian order show "$fujian_order"

step "14. A Jiangsu office pays by bank transfer, matched from finance's statement (PAY-3)"
"$ciie" --as delegation:jiangsu order create --unit 11320000MB0112344P --expect-total 400.00
jiangsu_order=$("$ciie" --json order list --unit 11320000MB0112344P | grep -o 'V[0-9]\{23\}' | head -1)
"$ciie" --as delegation:jiangsu pay "$jiangsu_order" --method transfer
say "the bank's statement: the remark carries the order number, spaced out as people type it"
statement="$work/statement.csv"
{
  echo 'date,amount,payer_name,payer_account,remark'
  echo "2024-06-04,400.00,江苏省示例商务厅,32001234567890,进博会证件费 ${jiangsu_order:0:9} ${jiangsu_order:9:8} ${jiangsu_order:17}"
  echo '2024-06-04,88.00,某某咨询有限公司,31000000000000000002,咨询费'
} >"$statement"
"$ciie" --as finance pay import-statement "$statement"
say "imported again, every line is unchanged; the line that matched nothing waits for a person:"
"$ciie" --as finance pay import-statement "$statement"
"$ciie" --as finance pay review

step "15. An invoice for the transferred money (INV-1..6): the title is the paying unit's"
say "another title is refused: after a transfer the invoice names the payer (INV-3)"
"$ciie" --as delegation:jiangsu invoice request "$jiangsu_order" --type special --title-kind unit \
  --title 某某贸易有限公司 --address '南京市鼓楼区示例路 1 号' --phone 025-83000000 \
  --bank 中国银行南京分行 --account 32001234567890 --delivery-email finance@example.com || true
"$ciie" --as delegation:jiangsu invoice request "$jiangsu_order" --type special \
  --address '南京市鼓楼区示例路 1 号' --phone 025-83000000 --bank 中国银行南京分行 \
  --account 32001234567890 --delivery-email finance@example.com --issue
invoice=$("$ciie" --json invoice list --unit 11320000MB0112344P | grep -o '"number":"[0-9]\{20\}"' | head -1 | grep -o '[0-9]\{20\}')
"$ciie" --as delegation:jiangsu invoice show "$invoice" --html "$work/invoice.html"
say "the printable 数电 page is $work/invoice.html"

step "16. A partial refund (RFD-1..4): the booked invoice is reversed through a confirmation form"
say "the tax platform answers that the buyer booked the invoice; finance records it"
"$ciie" --as finance invoice booked "$invoice"
sun_li=$("$ciie" --json person list --unit 11320000MB0112344P | grep -o '"id":[0-9]*,[^}]*"name":"孙丽"' | grep -o '^"id":[0-9]*' | grep -o '[0-9]*')
"$ciie" --as delegation:jiangsu refund "$jiangsu_order" --persons "$sun_li" --reason '孙丽不能出席'
form=$("$ciie" --json invoice redforms --unit 11320000MB0112344P | grep -o '"id":[0-9]*' | head -1 | grep -o '[0-9]*')
say "the buyer confirms the form within 72 hours: the red invoice, and a new invoice for the rest"
"$ciie" --as unit:11320000MB0112344P invoice confirm-redform "$form"
"$ciie" --as finance invoice list --unit 11320000MB0112344P
refund_id=$("$ciie" --json refund list --unit 11320000MB0112344P | grep -o '"id":[0-9]*' | head -1 | grep -o '[0-9]*')
say "finance sends the 200.00 back to the payer account and records the transfer"
"$ciie" --as finance refund confirm-transfer "$refund_id" --reference BOC-OUT-20240605-0001

step "17. A returning unit from the 6th edition (RET-1..3): claimed, its people and a badge reused"
say "the organiser imports the previous edition's export: units with their password hashes, persons, badges"
"$ciie" import-returning --from "$here/returning/export.jsonl"
say "imported again, nothing changes"
"$ciie" import-returning --from "$here/returning/export.jsonl"
say "the Chengdu company claims its past record with its past password; its stored licence is read again"
printf 'Past-pass-2023\n' | "$ciie" --as applicant returning claim --uscc 91510100MA34729FXF \
  --method password --password-stdin --consent
chengdu=unit:91510100MA34729FXF
"$ciie" --as "$chengdu" person past --unit 91510100MA34729FXF
say "reusing badges (BDG-3): 王晓燕's weekend badge was not reusable, so nothing is brought"
"$ciie" --as "$chengdu" person bring-forward --unit 91510100MA34729FXF --persons P-0001,P-0002 --reuse || true
"$ciie" --as "$chengdu" person bring-forward --unit 91510100MA34729FXF --persons P-0001 --reuse
"$ciie" --as "$chengdu" person bring-forward --unit 91510100MA34729FXF --persons P-0002
"$ciie" --as "$chengdu" submit --unit 91510100MA34729FXF
say "a reused badge still pays its fee (200.00 + 100.00) and is reviewed by the delegation"
"$ciie" --as "$chengdu" order create --unit 91510100MA34729FXF --expect-total 300.00
chengdu_order=$("$ciie" --json order list --unit 91510100MA34729FXF | grep -o 'V[0-9]\{23\}' | head -1)
printf '{"gateway":"b2b","transaction_id":"B2B-20240603-0002","order":"%s","status":"success","amount_fen":30000,"timestamp":"%s","payer_name":"成都市联兴环保科技有限公司","payer_account":"51001234567890"}' \
  "$chengdu_order" "$CIIE_NOW" >"$notice"
"$ciie" pay notify --file "$notice" --signature "$(openssl dgst -sha256 -hmac "$CIIE_B2B_SECRET" -r "$notice" | cut -d' ' -f1)"
lei=$("$ciie" --json person list --unit 91510100MA34729FXF | grep -o '"id":[0-9]*,[^}]*"name":"雷晨芳"' | grep -o '^"id":[0-9]*' | grep -o '[0-9]*')
"$ciie" --as delegation:sichuan review --persons --person "$lei" --approve
"$ciie" --as "$chengdu" person list --unit 91510100MA34729FXF

step "18. Supporting events and matchmaking (EVT-1, MATCH-1)"
say "the organiser publishes the supporting events; the Fujian unit applies for one open to visitors"
"$ciie" events import --from "$here/match/events.csv"
"$ciie" --as unit:91350100MA45BGC17X events list --open
"$ciie" --as unit:91350100MA45BGC17X events apply EVT-2024-001 --unit 91350100MA45BGC17X --persons 2
say "an event for invited guests only is refused:"
"$ciie" --as unit:91350100MA45BGC17X events apply EVT-2024-003 --unit 91350100MA45BGC17X || true
say "the exhibitors' exhibits; the unit publishes a purchase need and the exhibits are ranked for it"
"$ciie" exhibitors import --from "$here/match/exhibits.csv"
"$ciie" --as unit:91350100MA45BGC17X needs publish --unit 91350100MA45BGC17X --area food-agri \
  --category dairy --keywords '进口全脂牛奶 奶酪' --budget 500000 --quantity 2000
need=$("$ciie" --json needs list --unit 91350100MA45BGC17X | grep -o '"id":[0-9]*' | head -1 | grep -o '[0-9]*')
"$ciie" --as unit:91350100MA45BGC17X match --need "$need"
"$ciie" --as unit:91350100MA45BGC17X meeting request --unit 91350100MA45BGC17X --exhibitor EXH-NZ-001 \
  --need "$need" --at 2024-11-06T14:00:00+08:00
say "the organiser, acting for Fonterra, sees which needs fit its exhibits and accepts the meeting"
"$ciie" match --exhibitor EXH-NZ-001
meeting=$("$ciie" --json meeting list --unit 91350100MA45BGC17X | grep -o '"id":[0-9]*' | head -1 | grep -o '[0-9]*')
"$ciie" meeting accept "$meeting"

step "19. Points (PTS-1, PTS-2): earned by approval, a purchase need and a deal; spent on an e-coupon"
say "the Fujian unit earned points when it was approved and when it published its need"
"$ciie" --as unit:91350100MA45BGC17X points show --unit 91350100MA45BGC17X
say "the organiser records a deal the unit signed: 10 points per whole 10,000 yuan; again, nothing changes"
"$ciie" points deal --unit 91350100MA45BGC17X --amount 1000000 --reference DEAL-2024-0001
"$ciie" points deal --unit 91350100MA45BGC17X --amount 1000000 --reference DEAL-2024-0001
say "the unit exchanges 1,000 points for a 20-yuan e-coupon"
"$ciie" --as unit:91350100MA45BGC17X points redeem --unit 91350100MA45BGC17X --coupon badge-20
"$ciie" --as unit:91350100MA45BGC17X points history --unit 91350100MA45BGC17X
say "persons hold their own points: 周敏 earned hers when she was approved"
zhou_min=$("$ciie" --json person list --unit 11320000MB0112344P | grep -o '"id":[0-9]*,[^}]*"name":"周敏"' | grep -o '^"id":[0-9]*' | grep -o '[0-9]*')
"$ciie" --as delegation:jiangsu points history --person "$zhou_min"

step "20. Statistics for the delegations, and a masked export"
"$ciie" stats
"$ciie" stats --by state
"$ciie" --as delegation:jiangsu export persons

step "21. The progress flow (REV-5): paid, the persons reviewed, badges in production"
"$ciie" --as delegation:jiangsu progress --unit 11320000MB0112344P
"$ciie" --as delegation:fujian person list --unit 91350100MA45BGC17X

step "22. What the delegations see (personal data masked)"
"$ciie" --as delegation:jiangsu unit list
"$ciie" --as delegation:industry-01 unit show 91330106MA27Y4U47R

step "23. The audit trail"
"$ciie" audit --limit 20

printf '\nThe store is at %s\n' "$CIIE_DB"
