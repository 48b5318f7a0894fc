import ArgumentParser
import IGNImage

/// The colour alpha is flattened onto, and the padding a model command fits images with;
/// shared by the commands that read images (generate, which makes them, has no use for it).
public struct BackgroundOption: ParsableArguments {
    @Option(help: "Colour that alpha is flattened onto, and that pads images to a model's shape (name, #RRGGBB or R,G,B).")
    public var background = RGBColor.white

    public init() {}
}
