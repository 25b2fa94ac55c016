import FaturaDomain
import FaturaStore
import FaturaTISS
import Foundation
import Testing

/// Claims of each type written as batches of 4.01.00, 4.02.00 and 4.03.00 in both hash encodings:
/// every file validates against the official schema of its version, its hash is the one the reader
/// computes again, the totals are the hand sums, and the same batch gives the same bytes.
@Suite struct TISSBatchWriterTests {
    static let doctor = Professional(name: "Ana Médica Exemplo", council: "06", councilNumber: "123456", uf: "35", cbo: "225125",
                                     cpf: "52998224725", providerCode: "MED0001")
    static let surgeon = Professional(name: "Carlos Cirurgião", council: "06", councilNumber: "654321", uf: "33", cbo: "225225",
                                      providerCode: "MED0002")

    static func claim(_ type: ClaimType, lines: [ClaimLine]) -> Claim {
        Claim(type: type, partialId: 1, number: "P-\(type.rawValue.prefix(6))-1", ansRegistry: "999999", hospital: .code("HOSP0001"),
              hospitalName: "Hospital São José — Unidade 2", cnes: "9999999", cardNumber: "00000000000000001",
              authorizationNumber: "OP000001", authorizationPassword: "SENHA0001", authorizationDay: CalendarDay(year: 2026, month: 3, day: 10)!,
              requesting: ClaimProfessional(doctor), executing: ClaimProfessional(type == .fees ? surgeon : doctor),
              start: CalendarDay(year: 2026, month: 3, day: 10)!, end: CalendarDay(year: 2026, month: 3, day: 12)!, lines: lines)
    }

    static let day = CalendarDay(year: 2026, month: 3, day: 12)!

    /// SP/SADT by hand: 850,00 + 100,00 × 70% = 920,00 of exams; materials 2 × 12,50 = 25,00;
    /// drugs 1,5 × 8,00 = 12,00; fee 150,00. Total 1.107,00.
    static let spsadt = claim(.spsadt, lines: [
        ClaimLine(sequence: 1, day: day, startMinute: 8 * 60, table: "22", code: "41101014", description: "RM - CRÂNIO & <ENCÉFALO>",
                  quantity: .one, unitValue: Money(cents: 85_000), total: Money(cents: 85_000), professional: ClaimProfessional(doctor)),
        ClaimLine(sequence: 2, day: day, table: "22", code: "41001010", description: "TC – CRÂNIO", quantity: .one,
                  reduction: Percentage(percent: 70), unitValue: Money(cents: 10_000), total: Money(cents: 7_000)),
        ClaimLine(sequence: 3, day: day, table: "19", code: "70000001", description: "SERINGA 10 ML", quantity: Quantity(2),
                  unitValue: Money(cents: 1_250), total: Money(cents: 2_500), expense: .materials),
        ClaimLine(sequence: 4, day: day, table: "20", code: "90055888", description: "DIPIRONA SÓDICA", quantity: Quantity(tenThousandths: 15_000),
                  unitValue: Money(cents: 800), total: Money(cents: 1_200), expense: .drugs),
        ClaimLine(sequence: 5, day: day, table: "18", code: "60000465", description: "TAXA DE SALA", quantity: .one,
                  unitValue: Money(cents: 15_000), total: Money(cents: 15_000), expense: .fees),
    ])

    /// Internação by hand: 2 diárias × 450,00 = 900,00; sala 1.200,00; drugs 3 × 8,00 = 24,00;
    /// the surgery 3.426,05. Total 5.550,05.
    static let inpatient = claim(.inpatientSummary, lines: [
        ClaimLine(sequence: 1, day: day, table: "22", code: "31005497", description: "COLECISTECTOMIA", quantity: .one,
                  unitValue: Money(cents: 342_605), total: Money(cents: 342_605), professional: ClaimProfessional(surgeon)),
        ClaimLine(sequence: 2, day: day, table: "18", code: "60000040", description: "DIÁRIA DE APARTAMENTO", quantity: Quantity(2),
                  unitValue: Money(cents: 45_000), total: Money(cents: 90_000), expense: .dailyRates),
        ClaimLine(sequence: 3, day: day, table: "18", code: "60000333", description: "TAXA DE SALA CIRÚRGICA", quantity: .one,
                  unitValue: Money(cents: 120_000), total: Money(cents: 120_000), expense: .fees),
        ClaimLine(sequence: 4, day: day, table: "20", code: "90055888", description: "DIPIRONA", quantity: Quantity(3),
                  unitValue: Money(cents: 800), total: Money(cents: 2_400), expense: .drugs),
    ])

    static let fees = claim(.fees, lines: [
        ClaimLine(sequence: 1, day: day, table: "22", code: "31005497", description: "COLECISTECTOMIA", quantity: .one,
                  unitValue: Money(cents: 342_605), total: Money(cents: 342_605), professional: ClaimProfessional(surgeon)),
    ])

    static let consultation = claim(.consultation, lines: [
        ClaimLine(sequence: 1, day: day, table: "22", code: "10101012", description: "CONSULTA EM CONSULTÓRIO", quantity: .one,
                  unitValue: Money(cents: 12_000), total: Money(cents: 12_000), professional: ClaimProfessional(doctor)),
    ])

    @Test func theTotalsByKindAreTheHandSums() {
        let t = Self.spsadt.totals
        #expect([t.procedures.cents, t.materials.cents, t.drugs.cents, t.fees.cents, t.dailyRates.cents, t.total.cents]
                == [92_000, 2_500, 1_200, 15_000, 0, 110_700])
        let i = Self.inpatient.totals
        #expect([i.procedures.cents, i.dailyRates.cents, i.fees.cents, i.drugs.cents, i.total.cents] == [342_605, 90_000, 120_000, 2_400, 555_005])
    }

    static func batch(_ claims: [Claim], _ version: TISSVersion, _ encoding: TISSHashEncoding, second: Int = 52_200) -> TISSBatch {
        TISSBatch(version: version, encoding: encoding, number: 1001, generatedOn: CalendarDay(year: 2026, month: 4, day: 5)!, generatedSecond: second,
                  hospital: .code("HOSP0001"), ansRegistry: "999999", claims: claims)
    }

    @Test(arguments: TISSVersion.allCases)
    func everyClaimTypeValidatesAgainstTheSchemaOfItsVersion(_ version: TISSVersion) throws {
        guard let folder = ReferenceData.directory() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("dados de referência ausentes") }
            return
        }
        let schema = try TISSSchema(version: version.rawValue, in: folder)
        for claims in [[Self.spsadt, Self.spsadt], [Self.inpatient], [Self.fees], [Self.consultation]] {
            for encoding in TISSHashEncoding.allCases {
                let file = TISSBatchWriter.write(Self.batch(claims, version, encoding))
                if let out = ProcessInfo.processInfo.environment["FATURA_TISS_OUT"] {
                    try Data(file.bytes).write(to: URL(fileURLWithPath: "\(out)/\(claims[0].type.rawValue)-\(version.rawValue)-\(encoding.rawValue).xml"))
                }
                let document = try TISSDocument(file.bytes)
                #expect(schema.validate(document) == [], Comment(rawValue: "\(claims[0].type) \(version.rawValue) \(encoding.rawValue)"))
                #expect(schema.validateGenerated(file.bytes) == [])
                let reread = TISSHash.of(document, encoding: encoding == .utf8 ? .utf8 : .iso88591)
                #expect(reread == file.hash)
                #expect(document.writtenHash() == file.hash)
            }
        }
    }

    /// The same files through `xmllint --noout --schema`, the tool a payer's validator is usually
    /// built on, when it is installed (scripts/test.sh installs libxml2-utils).
    @Test func xmllintAgreesWhenInstalled() throws {
        guard let folder = ReferenceData.directory() else { return }
        guard let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("xmllint ausente sob CI (scripts/test.sh instala libxml2-utils)") }
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fatura-xmllint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for version in TISSVersion.allCases {
            var files: [String] = []
            for claims in [[Self.spsadt], [Self.inpatient], [Self.fees], [Self.consultation]] {
                let path = dir.appendingPathComponent("\(claims[0].type.rawValue)-\(version.rawValue).xml").path
                FileManager.default.createFile(atPath: path, contents: Data(TISSBatchWriter.write(Self.batch(claims, version, .iso88591)).bytes))
                files.append(path)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: xmllint)
            let xsd = folder.appendingPathComponent("tiss/\(version.rawValue)/tissV\(version.rawValue.replacingOccurrences(of: ".", with: "_")).xsd").path
            process.arguments = ["--noout", "--nonet", "--schema", xsd] + files
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, Comment(rawValue: text))
            #expect(text.components(separatedBy: " validates").count - 1 == files.count)
        }
    }

    @Test func textIsEscapedAndFoldedAndTheOutputIsDeterministic() throws {
        let one = TISSBatchWriter.write(Self.batch([Self.spsadt], .v4_03_00, .iso88591))
        let two = TISSBatchWriter.write(Self.batch([Self.spsadt], .v4_03_00, .iso88591))
        #expect(one.bytes == two.bytes)
        let text = String(decoding: one.bytes, as: UTF8.self)
        #expect(text.contains("RM - CR\u{FFFD}NIO &amp; &lt;ENC\u{FFFD}FALO&gt;"))  // ISO-8859-1 bytes read as UTF-8
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"))
        let utf8 = TISSBatchWriter.write(Self.batch([Self.spsadt], .v4_03_00, .utf8))
        let utf8Text = String(decoding: utf8.bytes, as: UTF8.self)
        #expect(utf8Text.contains("<ans:nomeContratadoSolicitante>Hospital São José - Unidade 2</ans:nomeContratadoSolicitante>"))
        #expect(utf8Text.contains("<ans:descricaoProcedimento>TC - CRÂNIO</ans:descricaoProcedimento>"))
        #expect(utf8Text.contains("<ans:reducaoAcrescimo>0.70</ans:reducaoAcrescimo>"))
        #expect(utf8Text.contains("<ans:quantidadeExecutada>1.5000</ans:quantidadeExecutada>"))
        #expect(utf8Text.contains("<ans:valorTotalGeral>1107.00</ans:valorTotalGeral>"))
        // Accented text: the two encodings hash differently; only the time of generation moves the bytes.
        #expect(one.hash != utf8.hash)
        let later = TISSBatchWriter.write(Self.batch([Self.spsadt], .v4_03_00, .iso88591, second: 52_201))
        #expect(later.bytes.count == one.bytes.count && later.bytes != one.bytes)
    }

    /// A claim the builder would have refused (a 25-character card) written anyway: both ways of
    /// validating name the same element on the same line.
    @Test func streamingAndTreeValidationAgreeOnAnInvalidBatch() throws {
        guard let folder = ReferenceData.directory() else { return }
        var bad = Self.spsadt
        bad.cardNumber = String(repeating: "9", count: 25)
        let file = TISSBatchWriter.write(Self.batch([bad], .v4_03_00, .iso88591))
        let schema = try TISSSchema(version: "4.03.00", in: folder)
        let tree = schema.validate(try TISSDocument(file.bytes))
        let stream = schema.validateGenerated(file.bytes)
        #expect(!tree.isEmpty)
        #expect(stream.map(\.line) == tree.map(\.line))
        #expect(stream.first?.message.contains("numeroCarteira") == true)
        #expect(file.claimIndex(atLine: stream.first?.line ?? 0) == 0)
    }

    @Test func foldingKeepsLatin1AndReplacesTheRest() {
        #expect(TISSText.clean("  São\tJosé\n— “A” ✓ ") == "São José - \"A\" ?")
        #expect(TISSText.clean("ção") == "ção")
    }
}
