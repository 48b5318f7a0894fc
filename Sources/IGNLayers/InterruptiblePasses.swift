/// Passes that a caller can abandon between layers: a long training step checks a signal
/// flag this way, so that Ctrl-C does not wait for the step's end. A container asks before
/// each of its layers (see ``Sequential``); any other layer, being one, is asked about once,
/// before it runs.
extension Layer {
    /// `forward`, unless `isInterrupted` answers true before a layer: returns whether the
    /// pass ran to its end.
    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache, mode: ForwardMode,
                        unless isInterrupted: () -> Bool) -> Bool {
        if let container = self as? Sequential {
            return container.forward(input, into: output, cache: cache, mode: mode, unless: isInterrupted)
        }
        if isInterrupted() { return false }
        forward(input, into: output, cache: cache, mode: mode)
        return true
    }

    /// `backward`, unless `isInterrupted` answers true before a layer: returns whether the
    /// pass ran to its end.
    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps, gradInput: FeatureMaps?,
                         cache: LayerCache, parameterGradients: Bool, unless isInterrupted: () -> Bool) -> Bool {
        if let container = self as? Sequential {
            return container.backward(input: input, output: output, gradOutput: gradOutput, gradInput: gradInput,
                                      cache: cache, parameterGradients: parameterGradients, unless: isInterrupted)
        }
        if isInterrupted() { return false }
        backward(input: input, output: output, gradOutput: gradOutput, gradInput: gradInput, cache: cache,
                 parameterGradients: parameterGradients)
        return true
    }
}
