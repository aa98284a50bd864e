namespace UserDataFeed.Bench.Generator;

/// <summary>How much of a population a churn variant touches, in percent of its size.</summary>
public sealed record ChurnSpec(double ChangedPercent, double NewPercent, double RemovedPercent)
{
    /// <summary>1% of the users touched: 0.6% changed (department, site or surname), 0.2% joiners, 0.2% leavers.</summary>
    public static readonly ChurnSpec OnePercent = new(0.6, 0.2, 0.2);

    public static int Share(int count, double percent) => (int)Math.Round(count * percent / 100.0);
}
