namespace UserDataFeed.Core.Csv;

/// <summary>One data row of a feed file: its number (1 = first data row) and the mapped values in layout order.</summary>
public readonly record struct FeedRow(int Row, string[] Values);
