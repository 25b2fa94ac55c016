/// DOMAIN.md §2: the unit value of a charge item under the contract valid on the day it was performed.
public enum Pricing {
    /// Prices one unit. `performedAt` decides urgency (19h–7h, weekends, national holidays).
    public static func price(_ reference: ProcedureReference, terms: PricingTerms, performedAt: LocalDateTime) -> Result<PricedUnit, PricingFailure> {
        do {
            let unit = try unitPrice(reference, terms: terms, performedAt: performedAt)
            if case .success(let priced) = unit, !priced.unitValue.isWithinLineLimit { return .failure(.valueOutOfRange) }
            return unit
        } catch {
            return .failure(.valueOutOfRange)
        }
    }

    static func unitPrice(_ reference: ProcedureReference, terms: PricingTerms, performedAt: LocalDateTime) throws(FaturaError) -> Result<PricedUnit, PricingFailure> {
        switch reference {
        case .cbhpm(let porte, let uco, let film):
            guard let porteValue = terms.porteValues[porte] else { return .failure(.noValueForPorte(porte)) }
            let urgency = terms.urgencySurcharge && isUrgencyTime(performedAt)
            var percentages = [terms.porteAdjustment]
            if urgency { percentages.append(PricingTerms.urgencyPercentage) }
            return .success(PricedUnit(
                feePart: try porteValue.adjusted(by: percentages),
                operatingCostPart: try terms.ucoValue.times(uco),
                filmPart: try terms.filmValue.times(film),
                urgency: urgency))
        case .amb(let ch, let film):
            return .success(PricedUnit(feePart: try terms.chValue.times(ch), filmPart: try terms.filmValue.times(film)))
        case .fixed(let value):
            return .success(PricedUnit(otherPart: value))
        case .referencePrice(let value, let kind):
            let percentage = kind == .drug ? terms.drugPercentage : terms.materialPercentage
            return .success(PricedUnit(otherPart: try value.adjusted(by: [percentage])))
        }
    }

    /// From 19:00 to 06:59, Saturdays, Sundays and national holidays.
    public static func isUrgencyTime(_ moment: LocalDateTime) -> Bool {
        moment.hour >= 19 || moment.hour < 7 || BrazilianHolidays.isNonWorkingDay(moment.day)
    }
}
