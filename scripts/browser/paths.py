"""The paths of the browser suite: each one a function of a harness.Path, run in its own browser
context against a server started on a fresh database with the demo data (`fatura serve --demo`).

The paths change the data, so each works on its own records: the roles' walk only reads; the
partial's way to closed uses P-ATD-1002 (Imagem); the exam rule, P-ATD-1001; the contract, contract 1;
the forms and the keyboard create their own payers; the print view reads the record-return document;
the line's correction and removal, partial 3's hemograma (40304361); the HIS import, its own ATD-9101.
"""
import os
import re
import tempfile

from playwright.sync_api import expect

from harness import Failure, check

ROLES = ["supervisor", "faturista", "auditor", "diretoria", "imagem", "atendimento"]


def row(scope, text):
    """The table row whose heading cell (th scope=row) or any cell holds `text`."""
    return scope.locator("tbody tr").filter(has_text=text)


def cell(table, table_row, title):
    """The cell of `table_row` under the column titled `title` (the row's heading cell counts as a column)."""
    titles = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    check(title in titles, f"a tabela não tem a coluna {title!r} (tem {titles})")
    return table_row.locator("th, td").nth(titles.index(title))


def option_value(select, text):
    """The value of the option of `select` whose label contains `text`."""
    option = select.locator("option").filter(has_text=text)
    expect(option).to_have_count(1)
    return option.get_attribute("value")


# 1. Every role: home page and every link of the main navigation (and of the sub-navigations) ------

def roles_navigation(path):
    page = path.page
    problems = []
    for user in ROLES:
        path.login(user)
        path.goto("/")
        path.heading("Início")
        links = page.eval_on_selector_all("nav.main a", "els => els.map(e => e.getAttribute('href'))")
        check(len(links) >= 2, f"{user}: a navegação principal tem {len(links)} link(s)")
        seen = set()
        queue = list(links)
        while queue:
            href = queue.pop(0)
            if href in seen or not href.startswith("/"):
                continue
            seen.add(href)
            response = page.goto(path.url(href))
            path.screenshot(f"{user}{href}")
            status = response.status if response else 0
            h1 = page.locator("main h1").count()
            if status >= 500 or status == 0:
                problems.append(f"{user} {href}: situação {status}")
            elif status >= 400:
                problems.append(f"{user} {href}: link da navegação respondeu {status}")
            elif h1 != 1:
                problems.append(f"{user} {href}: {h1} <h1> na página (esperava 1)")
            # The sub-navigation of a module page: its links are walked too.
            if href in links:
                queue += page.eval_on_selector_all("nav.sub a", "els => els.map(e => e.getAttribute('href'))")
    check(not problems, "páginas com problema:\n" + "\n".join(problems))


# 2. A partial from arrival to closed ------------------------------------------------------------

def partial_to_closed(path):
    page = path.page
    note = "Evolução de enfermagem ilegível (teste do navegador)"
    path.login("faturista")
    path.goto("/accounts")
    partial = row(page.locator("main table"), "P-ATD-1002")
    expect(partial.locator("td").nth(6)).to_have_text("Em elaboração")
    with page.expect_navigation():
        partial.get_by_role("link", name="P-ATD-1002").click()
    partial_url = re.sub(r"^https?://[^/]+", "", page.url.split("?")[0].split("#")[0])
    check(re.fullmatch(r"/accounts/partials/\d+", partial_url), f"o link da parcial levou a {page.url}")
    path.heading("Parcial P-ATD-1002")
    expect(page.locator("main h1 .tag")).to_have_text("Em elaboração")

    # Register a non-conformity: the record goes back to the partial's sector (Imagem).
    form = page.locator("form", has=page.get_by_role("heading", name="Registrar não conformidade"))
    form.locator("#nc-type").select_option(option_value(form.locator("#nc-type"), "Registro ilegível"))
    form.locator("#nc-note").fill(note)
    path.submit(form.get_by_role("button", name="Registrar e devolver ao setor"), "registrar não conformidade")
    path.notice("Não conformidade registrada")
    path.notice("devolvido ao setor")
    nc = row(page.locator("table.nonconformities"), note)
    expect(nc).to_have_count(1)
    expect(nc.locator("td").nth(0)).to_have_text("Imagem")
    expect(nc.locator("td").nth(4)).to_have_text("Aberta (com o setor)")
    expect(page.locator("#encerramento ul.blockers li")).not_to_have_count(0)

    # The sector corrects it from its queue.
    path.login("imagem")
    path.goto("/queue")
    check(re.search(r"/queue/\d+", page.url), f"/queue levou a {page.url}, não à fila do setor")
    path.heading("Imagem")
    todo = row(page.locator("table.nonconformities"), note)
    expect(todo).to_have_count(1)
    todo.get_by_label("O que foi feito").fill("Evolução reescrita e assinada pela enfermeira")
    path.submit(todo.get_by_role("button", name="Marcar como corrigida"), "marcar como corrigida")
    path.notice("Correção registrada")
    expect(row(page.locator("table.nonconformities"), note)).to_have_count(0)
    waiting = page.locator("table", has=page.locator("th", has_text="O que foi corrigido"))
    expect(row(waiting, "Registro ilegível")).to_have_count(1)

    # Billing accepts it from the worklist of non-conformities...
    path.login("faturista")
    path.goto("/nonconformities?situacao=corrected")
    corrected = row(page.locator("table.nonconformities"), note)
    expect(corrected.locator("td").nth(6)).to_have_text("Corrigida — aguardando conferência")
    path.submit(corrected.get_by_role("button", name="Aceitar correção"), "aceitar a correção (lista)")
    path.notice("Correção aceita")

    # ...and the demo's other corrected one of this partial from the partial's page.
    path.goto(partial_url)
    for other in page.locator("table.nonconformities tbody tr").all():
        if other.get_by_role("button", name="Aceitar correção").count():
            path.submit(other.get_by_role("button", name="Aceitar correção"), "aceitar a correção (parcial)")
            path.notice("Correção aceita")
            break
    nc = row(page.locator("table.nonconformities"), note)
    expect(nc.locator("td").nth(4)).to_have_text("Aceita")
    expect(page.locator("#encerramento ul.blockers")).to_have_count(0)

    # No blocker left: close it.
    path.submit(page.locator("#encerramento").get_by_role("button", name="Encerrar parcial"), "encerrar parcial")
    path.notice("Parcial encerrada")
    expect(page.locator("main h1 .tag")).to_have_text("Encerrada")
    expect(page.locator("main p.notice").filter(has_text="Encerrada em")).to_have_count(1)


# 3. The exam rule on partial 1 ------------------------------------------------------------------

def exam_rule(path):
    page = path.page
    path.login("faturista")
    path.goto("/accounts/partials/1/exam-rule")
    path.heading("Regras de Cobrança de Exames")
    lines = page.locator("main table.items tbody tr")
    second = lines.filter(has=page.locator("th", has_text="41001109"))  # TC – Abdome superior, 2ª incidência
    third = lines.filter(has=page.locator("th", has_text="41001010"))   # TC – Crânio, 3ª incidência
    second_input, third_input = second.locator("input[id^=pct-]"), third.locator("input[id^=pct-]")
    expect(second_input).to_have_value("70,00")
    expect(second.locator(".tag")).to_have_count(0)

    second_input.fill("90")
    path.submit(page.get_by_role("button", name="Aplicar"), "aplicar 90%")
    path.notice("Regra aplicada: 1 linha alterada.")
    expect(second_input).to_have_value("90,00")
    expect(second.locator(".tag")).to_have_text("manual")
    expect(third.locator(".tag")).to_have_count(0)

    third_id = third_input.get_attribute("id")  # pct-<item>
    third_input.fill("150")
    path.submit(page.get_by_role("button", name="Aplicar"), "aplicar 150%", expect_status=422)
    path.heading("Regras de Cobrança de Exames")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(third_input).to_have_value("150")
    expect(third_input).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{third_id}-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("150")
    check(third.locator(f"#{third_id}-error").count() == 1, "a mensagem de erro não está na linha do campo")
    expect(second_input).to_have_value("90,00")


# 4. A contract's new version and the comparison --------------------------------------------------

def contract_version(path):
    page = path.page
    path.login("supervisor")
    path.goto("/contracts/1")
    path.heading("Contrato:")
    name = page.locator("#f-name").input_value()
    panel = page.locator("section.panel", has=page.get_by_role("heading", name="Nova versão"))
    panel.get_by_label("Início da nova versão").fill("01/03/2026")
    path.submit(panel.get_by_role("button", name="Copiar como nova versão"), "nova versão")
    path.notice("Cadastro criado")
    check(re.search(r"/contracts/(\d+)", page.url) and not page.url.split("?")[0].endswith("/contracts/1"),
          f"a nova versão deveria abrir o contrato novo, abriu {page.url}")
    expect(page.locator("#f-validFrom")).to_have_value("01/03/2026")
    with page.expect_navigation():
        page.get_by_role("link", name="Comparar com a versão anterior").click()
    path.screenshot("comparar")
    path.heading("Comparar versões")
    table = page.locator("table.compare")
    titles = table.locator("thead th")
    expect(titles.nth(1)).to_have_text(f"{name} — versão 1")
    expect(titles.nth(2)).to_have_text(f"{name} — versão 2")
    validity = table.locator("tbody tr", has=page.locator("th", has_text="Vigência"))
    expect(validity.locator("td").nth(0)).to_have_text("01/01/2026 a 28/02/2026")
    expect(validity.locator("td").nth(1)).to_have_text("01/03/2026 em diante")
    expect(validity.locator("td.diff")).to_have_count(2)
    version = table.locator("tbody tr", has=page.locator("th", has_text="Versão"))
    expect(version.locator("td")).to_have_text(["1", "2"])


# 5. Refused forms draw themselves again; deactivating asks first ---------------------------------

def no_login_link(path, what):
    check(path.page.locator("a[href^='/login']").count() == 0, f"{what}: a página recusada tem um link para /login")


def form_errors(path):
    page = path.page
    path.login("supervisor")

    # A contract with an impossible date and a UCO value that is not a number.
    path.goto("/contracts/new")
    page.locator("#f-name").fill("Contrato recusado")
    page.locator("#f-payerId").select_option(option_value(page.locator("#f-payerId"), "Bem Estar"))
    page.locator("#f-validFrom").fill("31/02/2026")
    page.locator("#f-ucoValue").fill("abc")
    path.submit(page.get_by_role("button", name="Salvar"), "contrato recusado", expect_status=422)
    path.heading("Novo contrato")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("form[action='/contracts']")).to_have_count(1)
    expect(page.locator("#f-name")).to_have_value("Contrato recusado")
    expect(page.locator("#f-validFrom")).to_have_value("31/02/2026")
    expect(page.locator("#f-ucoValue")).to_have_value("abc")
    for field in ("validFrom", "ucoValue"):
        expect(page.locator(f"#f-{field}-error")).to_be_visible()
        expect(page.locator(f"#f-{field}")).to_have_attribute("aria-describedby", f"f-{field}-error")
        check(page.locator(f".field:has(#f-{field}) #f-{field}-error").count() == 1, f"o erro de {field} não está no campo")
    expect(page.locator("#f-payerId")).to_have_value(option_value(page.locator("#f-payerId"), "Bem Estar"))
    no_login_link(path, "contrato")

    # A payer with no name, then with the ANS registry of a demo payer.
    path.goto("/payers/new")
    page.locator("#f-ansRegistry").fill("556677")
    path.submit(page.get_by_role("button", name="Salvar"), "convênio sem nome", expect_status=422)
    path.heading("Novo convênio")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("#f-name-error")).to_be_visible()
    expect(page.locator("#f-ansRegistry")).to_have_value("556677")
    no_login_link(path, "convênio sem nome")
    page.locator("#f-name").fill("Convênio Duplicado")
    page.locator("#f-ansRegistry").fill("123455")  # Vida Plena Saúde's
    page.locator("#f-contactName").fill("Fulano")
    path.submit(page.get_by_role("button", name="Salvar"), "convênio com registro ANS repetido", expect_status=422)
    expect(page.locator("#f-ansRegistry-error")).to_be_visible()
    expect(page.locator("#f-name-error")).to_have_count(0)
    expect(page.locator("#f-name")).to_have_value("Convênio Duplicado")
    expect(page.locator("#f-ansRegistry")).to_have_value("123455")
    expect(page.locator("#f-contactName")).to_have_value("Fulano")
    no_login_link(path, "convênio com registro ANS repetido")

    # Corrected, it is saved; then deactivating it asks first.
    page.locator("#f-ansRegistry").fill("556677")
    path.submit(page.get_by_role("button", name="Salvar"), "convênio corrigido")
    path.notice("Cadastro criado")
    path.goto("/payers")
    payer = row(page.locator("main table"), "Convênio Duplicado")
    expect(cell(page.locator("main table"), payer, "Situação")).to_have_text("Ativo")
    path.submit(payer.get_by_role("button", name="Desativar"), "desativar (pergunta)")
    path.heading("Desativar Convênio Duplicado?")
    confirm = page.locator("main form").filter(has=page.locator("input[name=confirmar]"))
    expect(confirm.get_by_role("button", name="Desativar")).to_be_visible()
    # Asking changed nothing: cancel, and it is still active.
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Cancelar").click()
    path.goto("/payers")
    payer = row(page.locator("main table"), "Convênio Duplicado")
    expect(cell(page.locator("main table"), payer, "Situação")).to_have_text("Ativo")
    path.submit(payer.get_by_role("button", name="Desativar"), "desativar (pergunta de novo)")
    path.submit(page.locator("main form").get_by_role("button", name="Desativar"), "desativar (confirmado)")
    path.notice("Registro desativado")
    expect(row(page.locator("main table"), "Convênio Duplicado")).to_have_count(0)
    path.goto("/payers?situacao=inativos")
    expect(cell(page.locator("main table"), row(page.locator("main table"), "Convênio Duplicado"), "Situação")).to_have_text("Inativo")


# 6. Keyboard only --------------------------------------------------------------------------------

def keyboard_only(path):
    page = path.page
    path.login("supervisor")
    path.goto("/payers/new")
    keyboard = page.keyboard

    def focused():
        return page.evaluate("() => { const e = document.activeElement; return e ? (e.id || e.tagName.toLowerCase() + ':' + (e.textContent || '').trim()) : '' }")

    # From the top of the page, Tab until the form's first field.
    for _ in range(40):
        keyboard.press("Tab")
        if focused() == "f-name":
            break
    check(focused() == "f-name", f"Tab não chegou ao campo Nome (foco em {focused()!r})")
    order = ["f-name"]
    keyboard.type("Convênio pelo Teclado")
    typed = {"f-ansRegistry": "778899", "f-contactName": "Maria Teclado", "f-contactEmail": "teclado@example.com",
             "f-contactPhone": "(11) 3333-4444"}
    for _ in range(15):
        keyboard.press("Tab")
        now = focused()
        order.append(now)
        if now in typed:
            keyboard.type(typed[now])
        if now.startswith("button:"):
            break
    expected = ["f-name", "f-billingStandard", "f-ansRegistry", "f-tissVersion", "f-tissHashEncoding", "f-requiresAuthorization",
                "f-contactName", "f-contactEmail", "f-contactPhone", "button:Salvar"]
    check(order == expected, f"ordem do foco: {order}, esperava {expected}")
    path.screenshot("foco no botao")
    with page.expect_navigation() as navigation:
        keyboard.press("Enter")
    check(navigation.value is not None and navigation.value.status < 400,
          f"Enter no botão: situação {navigation.value.status if navigation.value else '—'}")
    path.screenshot("enviado")
    path.notice("Cadastro criado")
    path.goto("/payers")
    payer = row(page.locator("main table"), "Convênio pelo Teclado")
    expect(payer.locator("td").nth(0)).to_have_text("778899")


# 7. Print view of a record-return document -------------------------------------------------------

def print_view(path):
    page = path.page
    path.login("supervisor")
    path.goto("/record-returns")
    path.heading("Devolução de prontuários")
    issued = page.locator("main table", has=page.locator("th", has_text="Emitido")).locator("tbody a")
    if issued.count() == 0:
        path.submit(page.get_by_role("button", name="Gerar documento").first, "gerar documento")
    else:
        with page.expect_navigation():
            issued.first.click()
        path.screenshot("documento")
    check(re.search(r"/record-returns/\d+", page.url), f"o documento deveria abrir, abriu {page.url}")
    path.heading("Devolução de prontuários DEV-")
    expect(page.locator("article.document table tbody tr")).not_to_have_count(0)
    page.emulate_media(media="print")
    shown = lambda selector: page.eval_on_selector(selector, "e => getComputedStyle(e).display")  # noqa: E731
    pdf = f"{path.run.out}/{path.name}-documento.pdf"
    page.pdf(path=pdf, format="A4", print_background=True)
    with open(pdf, "rb") as f:
        head = f.read(5)
    check(head == b"%PDF-", f"o PDF ({pdf}) não começa por %PDF-")
    path.screenshot("impressao")
    hidden = {selector: shown(selector) for selector in ("nav.main", "header.top", "footer.foot", "p.no-print")}
    visible = shown("article.document")
    page.emulate_media(media="screen")
    problems = [f"{selector}: display {display}" for selector, display in hidden.items() if display != "none"]
    check(not problems, "na impressão deveriam estar escondidos: " + "; ".join(problems))
    check(visible != "none", "na impressão o documento (article.document) está escondido")


# 8. No horizontal overflow -----------------------------------------------------------------------

def overflow(path, width, height, paths):
    page = path.page
    page.set_viewport_size({"width": width, "height": height})
    path.login("faturista")
    problems = []
    for target in paths:
        path.goto(target)
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if sizes[0] > sizes[1]:
            # The widest elements that stick out, to say where the overflow comes from.
            culprits = page.evaluate("""(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= limit + 1)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ').join('.') : '')
                    + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)')""", sizes[1])
            shot = path.screenshot(f"transborda-{width}{target}", always=True)
            problems.append(f"{target}: scrollWidth {sizes[0]} > innerWidth {sizes[1]} em {width}×{height}"
                            f" (sai da tela: {', '.join(culprits) or '—'}) captura: {shot}")
    if problems:
        raise Failure("rolagem horizontal:\n" + "\n".join(problems))


def layout_1366(path):
    overflow(path, 1366, 768, ["/accounts/partials/1", "/accounts"])


def layout_390(path):
    overflow(path, 390, 844, ["/accounts", "/"])


# 9. Billing corrects a line, then removes it ------------------------------------------------------

def correct_line(path):
    page = path.page
    path.login("faturista")
    path.goto("/accounts/partials/3")
    path.heading("Parcial P-ATD-1003")
    lines = page.locator("main table.items tbody tr")
    # The demo's hemograma (40304361, quantity 1): a line no other path touches.
    line = lines.filter(has=page.locator("th", has_text="40304361"))
    expect(line).to_have_count(1)
    items = page.locator("main table.items")
    expect(cell(items, line, "Qtd.")).to_have_text("1")
    with page.expect_navigation():
        line.get_by_role("link", name="Corrigir").click()
    path.screenshot("corrigir")
    line_url = re.sub(r"^https?://[^/]+", "", page.url.split("?")[0].split("#")[0])
    check(re.fullmatch(r"/accounts/partials/3/items/\d+", line_url), f"o link Corrigir levou a {page.url}")
    path.heading("Corrigir lançamento 40304361")
    page.locator("#f-quantity").fill("7")
    page.locator("#f-reason").fill("Sete coletas conforme o prontuário (teste do navegador)")
    path.submit(page.get_by_role("button", name="Salvar correção"), "salvar correção")
    check(page.url.split("?")[0].split("#")[0].endswith("/accounts/partials/3"), f"salvar a correção levou a {page.url}")
    expect(page.locator("main [role=status]")).to_have_text(re.compile(r"^\s*Lançamento corrigido"))
    expect(cell(items, line, "Qtd.")).to_have_text("7")
    expect(line.locator(".tag").filter(has_text="corrigido pelo faturamento")).to_have_count(1)

    # Removing it: a short reason is refused, by the browser (minlength) and by the server.
    path.goto(line_url)
    form = page.locator("form[action$='/remove']")
    reason = form.locator("#f-removeReason")
    reason.fill("não")
    check(reason.evaluate("e => e.validity.tooShort"), "o navegador aceitou um motivo de remoção de 3 caracteres")
    form.evaluate("f => { f.noValidate = true }")  # past the browser's check, to the server's
    path.submit(form.get_by_role("button", name="Remover lançamento"), "remover com motivo curto", expect_status=422)
    error = page.locator("#f-removeReason-error")
    expect(error).to_be_visible()
    check(page.locator(".field:has(#f-removeReason) #f-removeReason-error").count() == 1, "o erro do motivo não está no campo")
    expect(page.locator("#f-removeReason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-removeReason")).to_have_attribute("aria-describedby", "f-removeReason-error")
    expect(page.locator("#f-removeReason")).to_have_value("não")
    form = page.locator("form[action$='/remove']")
    form.locator("#f-removeReason").fill("Exame não realizado: amostra hemolisada (teste do navegador)")
    path.submit(form.get_by_role("button", name="Remover lançamento"), "remover com motivo")
    check(page.url.split("?")[0].split("#")[0].endswith("/accounts/partials/3"), f"remover levou a {page.url}")
    expect(page.locator("main table.items tbody tr").filter(has=page.locator("th", has_text="40304361"))).to_have_count(0)
    removed = page.locator("main table.removed tbody tr").filter(has_text="40304361")
    expect(removed).to_have_count(1)
    expect(removed).to_contain_text("amostra hemolisada")


# 10. Importing a file from the HIS on the page ---------------------------------------------------

HIS_JSON = ('{"encounters":[{"externalId":"ATD-9101","companyCnpj":"11222333000181","payerName":"Particular",'
            '"type":"outpatient","startedAt":"2026-11-20T08:00","patient":{"externalId":"PAC-9101","name":"Teste do Navegador"},'
            '"partials":[{"externalId":"P-ATD-9101","periodStart":"2026-11-20","periodEnd":"2026-11-20","items":[{'
            '"externalId":"I-9101-1","kind":"procedure","table":"cbhpm","code":"10101012","description":"Consulta",'
            '"performedAt":"2026-11-20T08:30","quantity":1}]}]}]}')


def his_import(path):
    page = path.page
    path.login("faturista")
    path.goto("/accounts/import")
    path.heading("Importar do HIS")
    with tempfile.TemporaryDirectory() as folder:
        good = os.path.join(folder, "his-navegador.json")
        broken = os.path.join(folder, "his-quebrado.json")
        with open(good, "w", encoding="utf-8") as f:
            f.write(HIS_JSON)
        with open(broken, "w", encoding="utf-8") as f:
            f.write('{"encounters":[{"externalId":')

        page.locator("#f-file").set_input_files(good)
        path.submit(page.get_by_role("button", name="Importar"), "importar JSON")
        report = page.locator("main table tbody tr")
        new_partials = report.filter(has=page.locator("th", has_text=re.compile(r"^\s*Parciais novas\s*$")))
        expect(new_partials).to_have_count(1)
        expect(new_partials.locator("td").first).to_have_text("1")
        expect(page.locator("main [role=alert]")).to_have_count(0)

        path.goto("/accounts/import")
        page.locator("#f-file").set_input_files(broken)
        path.submit(page.get_by_role("button", name="Importar"), "importar JSON quebrado", expect_status=422)
        alert = page.locator("main [role=alert]")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("Nada foi importado")
        expect(alert).to_contain_text("his-quebrado.json")
        expect(page.locator("main table tbody tr").filter(has_text="Parciais novas")).to_have_count(0)


ALL = [roles_navigation, partial_to_closed, exam_rule, contract_version, form_errors, keyboard_only, print_view,
       correct_line, his_import, layout_1366, layout_390]
