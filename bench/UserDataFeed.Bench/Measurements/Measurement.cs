namespace UserDataFeed.Bench.Measurements;

/// <summary>A timed run over some rows.</summary>
public sealed record Measurement(int Rows, double Seconds)
{
    public double RowsPerSecond => Seconds > 0 ? Rows / Seconds : 0;
}
