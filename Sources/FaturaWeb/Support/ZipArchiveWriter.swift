import Foundation
import ZIPFoundation

/// An invoice's batches as one ZIP, in memory (a batch of 100 claims is a few hundred kB), with a
/// fixed date on every entry so the same batches give the same archive.
enum ZipArchiveWriter {
    static let entryDate = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01

    static func archive(_ files: [(name: String, bytes: [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for file in files {
            let data = Data(file.bytes)
            try archive.addEntry(with: file.name, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw FaturaErrorZip.empty }
        return Array(data)
    }

    enum FaturaErrorZip: Error { case empty }
}
