import FaturaStore
import FaturaTISS
import Foundation
import Testing

/// DOMAIN.md §4 and the samples' README: the hashes of the reference files, computed here.
@Suite struct TISSHashTests {
    static func sample(_ name: String) throws -> [UInt8]? {
        guard let folder = ReferenceData.directory() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("dados de referência ausentes (../shared ou FATURA_REFERENCE_DATA)") }
            return nil
        }
        return Array(try Data(contentsOf: folder.appendingPathComponent("tiss/samples/\(name)")))
    }

    @Test func theSamplesHashToTheirKnownValues() throws {
        guard let valid = try Self.sample("voa-tiss_lote-valido_4.03.00.xml"),
              let accented = try Self.sample("synthetic_lote_spsadt_4.03.00.xml") else { return }
        let voa = try TISSDocument(valid)
        #expect(TISSHash.of(voa, encoding: .iso88591) == "290acee46fd5de021307a40671bb34e8")
        #expect(voa.writtenHash() == "290acee46fd5de021307a40671bb34e8")
        // Accented text: the two encodings differ, and the file holds the ISO-8859-1 one.
        let spsadt = try TISSDocument(accented)
        #expect(TISSHash.of(spsadt, encoding: .iso88591) == "204bd834567a75664d00be69a430f12c")
        #expect(TISSHash.of(spsadt, encoding: .utf8) == "a1c283a0200a8a1031d130c08fe15bfb")
        #expect(spsadt.writtenHash() == "204bd834567a75664d00be69a430f12c")
    }

    @Test func hostileAndBrokenXMLIsRefusedWithoutBeingResolved() throws {
        let xxe = Array(#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"#.utf8)
        #expect(throws: TISSDocument.ReadError.doctype) { _ = try TISSDocument(xxe) }
        let laughs = Array(#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>"#.utf8)
        #expect(throws: TISSDocument.ReadError.doctype) { _ = try TISSDocument(laughs) }
        let truncated = Array("<?xml version=\"1.0\"?>\n<ans:mensagemTISS xmlns:ans=\"http://www.ans.gov.br/padroes/tiss/schemas\">\n<ans:cabecalho>".utf8)
        do {
            _ = try TISSDocument(truncated)
            Issue.record("aceitou um XML truncado")
        } catch .malformed(let line, _) {
            #expect(line == 3)
        } catch {
            Issue.record("recusado com \(error)")
        }
        // Text ISO-8859-1 cannot hold has no ISO-8859-1 hash (it would be a different file).
        #expect(TISSHash.of(leafText: "€", encoding: .iso88591) == nil)
        #expect(TISSHash.of(leafText: "", encoding: .utf8) == "d41d8cd98f00b204e9800998ecf8427e")
    }
}
