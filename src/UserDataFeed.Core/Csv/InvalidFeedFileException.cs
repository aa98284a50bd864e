namespace UserDataFeed.Core.Csv;

/// <summary>
/// The file cannot be read as a feed at all (encoding, structure, header). Thrown from inside the row
/// stream, where a return value cannot reach, and turned into a failed import by <c>FeedFile.Plan</c>.
/// </summary>
public sealed class InvalidFeedFileException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
