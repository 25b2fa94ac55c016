#!/usr/bin/env bash
# A hospital's IT connects Fatura with curl only: a token, a company, a payer, a CBHPM edition
# with one code, the values of the portes and UCO, a contract at CBHPM −20%, then one encounter
# from the HIS, priced on arrival. Usage: examples/api-setup.sh [BASE_URL] [USER] [PASSWORD]
# (defaults: http://127.0.0.1:8080, supervisor, demo1234 — the demo's supervisor).
#
# The price, by hand (DOMAIN.md §2): porte 9A 3.132,11 × 0,80 = 2.505,69; UCO 33,8 × 24,24 =
# 819,31; film 0,5 m² × 21,70 = 10,85; one unit 3.335,85 — the script prints totalCents 333585.
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
user=${2:-supervisor}
password=${3:-demo1234}
suffix=${FATURA_EXAMPLE_SUFFIX:-$(date +%s)}

# The first value of a JSON field in an answer (no jq needed): field name, then the JSON.
field() { grep -o "\"$1\" *: *\"\{0,1\}[^\",}]*" <<<"$2" | head -n 1 | sed 's/.*: *"\{0,1\}//; s/ *$//'; }
call() { # method path [body] [content type]
    local answer status
    answer=$(curl -sS -w '\n%{http_code}' -X "$1" "$base$2" -H "Authorization: Bearer ${token:-}" \
        ${3:+-H "Content-Type: ${4:-application/json}"} ${3:+--data-binary "$3"})
    status=${answer##*$'\n'}
    answer=${answer%$'\n'*}
    answer=$(tr -d '\n' <<<"$answer")
    if [[ $status != 2* ]]; then echo "$1 $2 → $status: $answer" >&2; exit 1; fi
    printf '%s' "$answer"
}

token=$(field token "$(call POST /api/v1/tokens "{\"username\":\"$user\",\"password\":\"$password\",\"name\":\"Exemplo curl $suffix\"}")")
company=$(field id "$(call POST /api/v1/companies '{"name":"Hospital Exemplo '"$suffix"'","cnpj":"45.678.901/0001-75","cnes":"7654321"}')")
payer=$(field id "$(call POST /api/v1/payers '{"name":"Operadora Exemplo '"$suffix"'","ansRegistry":"987654","billingStandard":"convenio"}')")
table=$(field id "$(call POST /api/v1/price-tables '{"kind":"cbhpm","name":"CBHPM exemplo '"$suffix"'","edition":"2022"}')")
call PUT "/api/v1/price-tables/$table/rows" $'codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico\n31309127;Procedimento porte 9A;9A;33,8;0,5;1;5' text/csv >/dev/null
call PUT "/api/v1/value-tables?series=Exemplo%20$suffix&validFrom=2021-10-01" $'item;valor\n9A;3.132,11\nUCO;24,24\nFILME;21,70' text/csv >/dev/null
contract=$(field id "$(call POST /api/v1/contracts '{"name":"Exemplo CBHPM −20%","payerId":'"$payer"',"companyId":'"$company"',"validFrom":"2026-01-01","procedureTable":"cbhpm","procedureTableId":'"$table"',"valueSeries":"Exemplo '"$suffix"'","porteAdjustmentBasisPoints":-2000}')")
report=$(call POST /api/v1/his/encounters '{"encounters":[{"externalId":"EX-'"$suffix"'","companyCnpj":"45678901000175","payerAnsRegistry":"987654","type":"sadt","startedAt":"2026-11-03T08:00","patient":{"externalId":"PAC-EX-'"$suffix"'","name":"Paciente Exemplo"},"partials":[{"externalId":"P-EX-'"$suffix"'","periodStart":"2026-11-01","periodEnd":"2026-11-30","items":[{"externalId":"I-EX-'"$suffix"'","kind":"procedure","table":"cbhpm","code":"31309127","description":"Procedimento porte 9A","performedAt":"2026-11-03T10:00","quantity":"1"}]}]}]}')
partial=$(field id "$(grep -o '"partials" *: *\[[^]]*' <<<"$report")")
status=$(call GET "/api/v1/partials/$partial")
echo "contrato $contract, parcial $partial"
# The partial's own total: its lines (each with a totalCents) left out.
echo "totalCents $(field totalCents "$(sed 's/"items" *: *\[.*\] *,//' <<<"$status")")"
