/// Rec. 601 luma, the tool's one gray: 0.299 R + 0.587 G + 0.114 B, on whatever scale the
/// channels are given (the weights sum to 1, so 0…1, 0…65535 and −1…1 each map to themselves).
/// `convert --gray`, colour backgrounds on gray images, `degrade --gray/--sketch`, `colorize`
/// and training with gray pairs all take their gray from here.
@inlinable
public func rec601Luma(red: Float, green: Float, blue: Float) -> Float {
    0.299 * red + 0.587 * green + 0.114 * blue
}
