import Foundation

/// Normalisations that Japanese input needs before validation.
public enum TextNormalizer {
    /// Full-width ASCII (Ａ, １, ＠ …) and the ideographic space become their half-width forms.
    public static func fullwidthASCIIToHalfwidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
