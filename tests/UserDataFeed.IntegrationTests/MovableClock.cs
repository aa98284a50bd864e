namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The service's clock, moved on by a test: the system's time plus an offset. Timers and delays stay the system's, so the
/// queue and the leases keep running while "now" jumps days ahead.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
