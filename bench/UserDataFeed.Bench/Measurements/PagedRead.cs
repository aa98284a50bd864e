namespace UserDataFeed.Bench.Measurements;

/// <summary>A full partition read in pages of 1,000, with the first and last page's time: does a page cost more the further in it is?</summary>
public sealed record PagedRead(int Rows, double Seconds, int Pages, double FirstPageSeconds, double LastPageSeconds)
{
    public Measurement Total => new(Rows, Seconds);
}
