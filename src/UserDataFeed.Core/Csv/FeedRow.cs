namespace UserDataFeed.Core.Csv;

/// <summary>
/// One data row of a feed file: its number (1 = first data row), the mapped values in layout order, and how
/// many cells the row and the header have (the planner rejects a row whose count differs: its values may have shifted).
/// </summary>
public readonly record struct FeedRow(int Row, string[] Values, int Cells = 0, int HeaderCells = 0)
{
    public bool CellCountDiffers => Cells != HeaderCells;
}
