namespace UserDataFeed.Service;

/// <summary>
/// A stream copied to a local temporary file that is deleted when the copy is closed: seekable, readable
/// synchronously and more than once (as the CSV reader and the planner need), and held on disk, not in memory.
/// </summary>
public static class TemporaryCopy
{
    public static async Task<FileStream> OfAsync(Stream source, CancellationToken cancellationToken)
    {
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await source.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }
}
