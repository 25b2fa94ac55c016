import FaturaDomain
import Testing

/// Check digits worked by hand (mod 11, weights from the Receita Federal rules), not taken from the code.
@Suite struct IdentifiersTests {
    // 11.222.333/0001-81: Σ(1,1,2,2,2,3,3,3,0,0,0,1 × 5,4,3,2,9,8,7,6,5,4,3,2) = 102, 102 mod 11 = 3 → 8;
    // then Σ(… ,8 × 6,5,4,3,2,9,8,7,6,5,4,3,2) = 120, 120 mod 11 = 10 → 1.
    @Test(arguments: ["11.222.333/0001-81", "11222333000181", "11.444.777/0001-61"])
    func validCNPJ(_ cnpj: String) {
        #expect(Identifiers.isValidCNPJ(cnpj))
    }

    @Test(arguments: [
        "11.222.333/0001-82", // second check digit wrong
        "11.222.333/0001-91", // first check digit wrong
        "00000000000000", "11111111111111", // repeated digits pass mod 11 but are not real numbers
        "1122233300018", // 13 digits
        "", "abc",
    ])
    func invalidCNPJ(_ cnpj: String) {
        #expect(!Identifiers.isValidCNPJ(cnpj))
    }

    // 529.982.247-25: Σ(5,2,9,9,8,2,2,4,7 × 10..2) = 295, 295 mod 11 = 9 → 2; Σ(…,2 × 11..2) = 347, mod 11 = 6 → 5.
    @Test func validCPF() {
        #expect(Identifiers.isValidCPF("529.982.247-25"))
        #expect(Identifiers.isValidCPF("52998224725"))
    }

    @Test(arguments: ["529.982.247-24", "529.982.247-15", "111.111.111-11", "5299822472", ""])
    func invalidCPF(_ cpf: String) {
        #expect(!Identifiers.isValidCPF(cpf))
    }

    @Test func ansRegistryIsSixDigits() {
        #expect(Identifiers.isValidANSRegistry("005711"))
        #expect(Identifiers.isValidANSRegistry("326305"))
        #expect(!Identifiers.isValidANSRegistry("12345"))
        #expect(!Identifiers.isValidANSRegistry("1234567"))
        #expect(!Identifiers.isValidANSRegistry("12345a"))
        #expect(!Identifiers.isValidANSRegistry("000000"))
        #expect(!Identifiers.isValidANSRegistry(" 12345"))
    }

    @Test func cnesIsSevenDigits() {
        #expect(Identifiers.isValidCNES("2077485"))
        #expect(!Identifiers.isValidCNES("207748"))
        #expect(!Identifiers.isValidCNES("20774851"))
    }

    @Test func formatsCNPJ() {
        #expect(Identifiers.formatCNPJ("11222333000181") == "11.222.333/0001-81")
    }
}
