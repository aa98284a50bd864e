namespace UserDataFeed.Service;

/// <summary>
/// Local temporary files, deleted when closed: what is too large to hold in memory (a feed file, an errors
/// listing) is held on disk instead, seekable and readable more than once.
/// </summary>
public static class TemporaryFile
{
    /// <summary>A copy of <paramref name="source"/>, positioned at its start (the CSV reader and the planner read it synchronously, more than once).</summary>
    public static async Task<FileStream> CopyOfAsync(Stream source, CancellationToken cancellationToken)
    {
        var copy = Create();
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

    /// <summary>An empty temporary file to write into, deleted when closed.</summary>
    public static FileStream Create() =>
        new(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
