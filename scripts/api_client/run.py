#!/usr/bin/env python3
"""examples/api-setup.sh again, through a client that an outside generator (openapi-python-client)
made from openapi.yaml: the typed functions and models, never hand-written JSON, except where the
generator gave up (the two CSV uploads, below) and for the misspelt field the models cannot carry.

  run.py --base http://127.0.0.1:PORT [--generator-log FILE] [--user supervisor] [--password demo1234]

With --generator-log, every warning the generator printed must be one of KNOWN_WARNINGS: a new one
means openapi.yaml has something the generator could not turn into code, and fails the run.
Prints `totalCents 333585` and exits 0, or says what failed and exits 1.
"""
import argparse
import datetime
import re
import sys

from fatura_api_client import AuthenticatedClient, Client
from fatura_api_client.errors import UnexpectedStatus
from fatura_api_client.api.auth import create_token
from fatura_api_client.api.closing import correct_partial_item, get_partial
from fatura_api_client.api.companies import create_company
from fatura_api_client.api.contracts import create_contract, create_price_table
from fatura_api_client.api.his import ingest_encounters
from fatura_api_client.api.payers import create_payer
from fatura_api_client.models import (
    BillingStandard,
    ChargeLineInput,
    ChargeLineInputKind,
    ChargeLineInputTable,
    Company,
    CompanyInput,
    Contract,
    ContractInput,
    ContractInputProcedureTable,
    CreatedToken,
    HISDocument,
    HISEncounter,
    HISEncounterType,
    HISItem,
    HISItemKind,
    HISItemTable,
    HISPartial,
    HISPatient,
    HISReport,
    ImportSummary,
    PartialStatus,
    Payer,
    PayerInput,
    PriceTable,
    PriceTableInput,
    PriceTableInputKind,
    Problem,
    TokenRequest,
)

# What openapi-python-client 0.29 cannot generate from openapi.yaml: (method path, reason). The
# generator supports JSON, form, multipart and octet-stream bodies only, so the two text/csv uploads
# are left out; run() sends them with the generated client's own httpx client.
KNOWN_WARNINGS = {
    ("PUT /api/v1/price-tables/{id}/rows", "Unsupported content type text/csv"),
    ("PUT /api/v1/value-tables", "Unsupported content type text/csv"),
    # The payer's receipt and the batch download are XML files as they are: this generator has no binary XML bodies.
    ("POST /api/v1/invoices/{id}/receipt", "Unsupported content type application/xml"),
    ("GET /api/v1/invoices/{id}/batches/{number}", "Cannot parse response for status code"),
    # Likewise the payer's statement (XML as it came) and the appeal's TISS file.
    ("POST /api/v1/statements", "Unsupported content type application/xml"),
    ("POST /api/v1/payment-statements", "Unsupported content type application/xml"),
    ("POST /api/v1/protocol-situations", "Unsupported content type application/xml"),
    ("GET /api/v1/appeals/{id}/xml", "Cannot parse response for status code"),
}


def is_known(warning):
    # A reason may carry an object's address (the generator's own repr): compared by its start.
    return any(warning[0] == path and warning[1].startswith(reason) for path, reason in KNOWN_WARNINGS)

EXPECTED_TOTAL = 333585  # examples/api-setup.sh's header: 2.505,69 + 819,31 + 10,85


class Failed(Exception):
    pass


def step(what, response, status, model):
    """The parsed answer of a generated function's `sync_detailed`, which must be `status` and `model`."""
    if response.status_code != status or not isinstance(response.parsed, model):
        raise Failed(f"{what}: esperava {status} ({model.__name__}), veio {response.status_code}: "
                     f"{response.content.decode(errors='replace')[:600]}")
    print(f"[api-client] {what}: {response.status_code}", file=sys.stderr)
    return response.parsed


def raw(what, response, status):
    """A hand-made request's answer (httpx), which must be `status`; its JSON."""
    if response.status_code != status:
        raise Failed(f"{what}: esperava {status}, veio {response.status_code}: {response.text[:600]}")
    print(f"[api-client] {what}: {response.status_code}", file=sys.stderr)
    return response.json()


def generator_warnings(log):
    """(method path, reason) of each `WARNING parsing METHOD PATH within TAG.` block of the generator's output."""
    found = []
    blocks = re.split(r"\n(?=WARNING )", log)
    for block in blocks:
        head = re.match(r"WARNING parsing (\S+ \S+) within", block)
        if not head:
            if block.startswith("WARNING"):
                found.append((block.splitlines()[0], ""))
            continue
        details = [line.strip() for line in block.splitlines()[1:] if line.strip()]
        reason = next((line for line in details if not line.startswith("If you believe")), "")
        found.append((head.group(1), reason))
    return found


def check_generator(log_file):
    with open(log_file, encoding="utf-8", errors="replace") as f:
        log = f.read()
    warnings = generator_warnings(log)
    for method_path, reason in warnings:
        known = is_known((method_path, reason))
        print(f"[api-client] aviso do gerador{' (conhecido)' if known else ''}: {method_path} — {reason}", file=sys.stderr)
    unknown = [w for w in warnings if not is_known(w)]
    if unknown:
        raise Failed("o gerador não entendeu parte do openapi.yaml: "
                     + "; ".join(f"{m} — {r}" for m, r in unknown))
    other = [line for line in log.splitlines() if re.match(r"\s*(ERROR|Error)\b", line)]
    if other:
        raise Failed("o gerador registrou erros: " + "; ".join(other))


def run(base, user, password, suffix):
    anonymous = Client(base_url=base, raise_on_unexpected_status=True)
    token = step("createToken", create_token.sync_detailed(
        client=anonymous, body=TokenRequest(username=user, password=password, name=f"Cliente gerado {suffix}")),
        201, CreatedToken)
    api = AuthenticatedClient(base_url=base, token=token.token, raise_on_unexpected_status=True)

    company = step("createCompany", create_company.sync_detailed(client=api, body=CompanyInput(
        name=f"Hospital Cliente Gerado {suffix}", cnpj="45.678.901/0001-75", cnes="7654321")), 201, Company)
    payer = step("createPayer", create_payer.sync_detailed(client=api, body=PayerInput(
        name=f"Operadora Cliente Gerado {suffix}", ans_registry="987654", billing_standard=BillingStandard.CONVENIO)),
        201, Payer)
    table = step("createPriceTable", create_price_table.sync_detailed(client=api, body=PriceTableInput(
        kind=PriceTableInputKind.CBHPM, name=f"CBHPM cliente gerado {suffix}", edition="2022")), 201, PriceTable)

    # Not generated (text/csv, KNOWN_WARNINGS): the generated client's httpx client, with its bearer token.
    http = api.get_httpx_client()
    series = f"Cliente gerado {suffix}"
    rows = raw("uploadPriceTableRows (httpx)", http.put(
        f"/api/v1/price-tables/{table.id}/rows", headers={"Content-Type": "text/csv"},
        content="codigo;descricao;porte;uco;filme;auxiliares;porte_anestesico\n"
                "31309127;Procedimento porte 9A;9A;33,8;0,5;1;5".encode()), 200)
    check(ImportSummary.from_dict(rows).rows == 1, f"uploadPriceTableRows: {rows}")
    values = raw("uploadValueTable (httpx)", http.put(
        "/api/v1/value-tables", params={"series": series, "validFrom": "2021-10-01"},
        headers={"Content-Type": "text/csv"}, content="item;valor\n9A;3.132,11\nUCO;24,24\nFILME;21,70".encode()), 200)
    check(ImportSummary.from_dict(values).rows == 3, f"uploadValueTable: {values}")

    contract = step("createContract", create_contract.sync_detailed(client=api, body=ContractInput(
        name="Cliente gerado CBHPM −20%", payer_id=payer.id, company_id=company.id,
        valid_from=datetime.date(2026, 1, 1), procedure_table=ContractInputProcedureTable.CBHPM,
        procedure_table_id=table.id, value_series=series, porte_adjustment_basis_points=-2000)), 201, Contract)

    document = HISDocument(encounters=[HISEncounter(
        external_id=f"CG-{suffix}", company_cnpj="45678901000175", payer_ans_registry="987654",
        type_=HISEncounterType.SADT, started_at="2026-11-03T08:00",
        patient=HISPatient(external_id=f"PAC-CG-{suffix}", name="Paciente Cliente Gerado"),
        partials=[HISPartial(external_id=f"P-CG-{suffix}", period_start="2026-11-01", period_end="2026-11-30", items=[
            HISItem(external_id=f"I-CG-{suffix}", kind=HISItemKind.PROCEDURE, table=HISItemTable.CBHPM, code="31309127",
                    description="Procedimento porte 9A", performed_at="2026-11-03T10:00", quantity="1")])])])
    report = step("ingestEncounters", ingest_encounters.sync_detailed(client=api, body=document), 200, HISReport)
    check(len(report.partials) == 1 and report.items_priced == 1, f"ingestEncounters: {report.to_dict()}")
    partial_id = report.partials[0].id

    partial = step("getPartial", get_partial.sync_detailed(partial_id, client=api), 200, PartialStatus)
    print(f"contrato {contract.id}, parcial {partial_id}")
    print(f"totalCents {partial.total_cents}")
    check(partial.total_cents == EXPECTED_TOTAL,
          f"totalCents {partial.total_cents}, esperava {EXPECTED_TOTAL} (calculado à mão em examples/api-setup.sh)")
    check(len(partial.items) == 1, f"a parcial tem {len(partial.items)} linhas, esperava 1")
    item = partial.items[0]

    # A strict body: the generated model has no place for a misspelt field, so the request is made by
    # hand from the model's own JSON, plus `expectedVerison`. The answer is parsed with the generated Problem.
    line = ChargeLineInput(kind=ChargeLineInputKind(item.kind.value), table=ChargeLineInputTable(item.table.value),
                           code=item.code, description=item.description, performed_at=item.performed_at,
                           quantity="2", reason="Duas incidências no laudo")
    typo = {**line.to_dict(), "expectedVerison": partial.version}
    answer = raw("correctPartialItem com expectedVerison (httpx)",
                 http.put(f"/api/v1/partials/{partial_id}/items/{item.id}", json=typo), 422)
    problem = Problem.from_dict(answer)
    check(problem.errors and problem.errors[0].field == "expectedVerison",
          f"o 422 deveria nomear expectedVerison em errors[0].field: {answer}")

    # The same correction, spelt right, through the typed function.
    line.expected_version = partial.version
    corrected = step("correctPartialItem", correct_partial_item.sync_detailed(partial_id, item.id, client=api, body=line),
                     200, PartialStatus)
    fixed = next((i for i in corrected.items if i.id == item.id), None)
    check(fixed is not None and fixed.quantity == "2" and fixed.correction_reason == "Duas incidências no laudo",
          f"correctPartialItem: a linha corrigida é {fixed.to_dict() if fixed else None}")
    check(corrected.version != partial.version, "correctPartialItem: a versão da parcial não mudou")


def check(condition, message):
    if not condition:
        raise Failed(message)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--user", default="supervisor")
    parser.add_argument("--password", default="demo1234")
    parser.add_argument("--generator-log")
    parser.add_argument("--suffix", default=datetime.datetime.now().strftime("%Y%m%d%H%M%S"))
    args = parser.parse_args()
    try:
        if args.generator_log:
            check_generator(args.generator_log)
        run(args.base, args.user, args.password, args.suffix)
    except Failed as error:
        print(f"[api-client] FALHA: {error}", file=sys.stderr)
        return 1
    except UnexpectedStatus as error:  # a status that openapi.yaml does not list for the operation
        print(f"[api-client] FALHA: situação fora do openapi.yaml: {error.status_code}: "
              f"{error.content.decode(errors='replace')[:600]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
