/// Numbered scratch buffers that outlive one call: where a computation such as
/// `WinogradCorrelation` keeps what a later pass over the same batch reads back (a layer's
/// `LayerCache`), so that the hot loop allocates nothing.
public protocol ScratchSpace: AnyObject {
    /// The buffer in `slot`, grown to hold `count` values; its contents stay as the last
    /// user of the slot left them.
    func buffer(_ slot: Int, count: Int) -> UnsafeMutablePointer<Float>
}
