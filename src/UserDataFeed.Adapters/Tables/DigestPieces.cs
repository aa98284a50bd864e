namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// A digest's bytes as read, pieces of at most one entity property each, so a large digest is never one large
/// array: the deserializer reads the pieces back in order (<see cref="DigestUploads"/> writes them).
/// </summary>
internal sealed class DigestPieces : Stream
{
    private readonly List<byte[]> pieces;
    private int readPiece;
    private int readOffset;

    private DigestPieces(List<byte[]> pieces) => this.pieces = pieces;

    public static DigestPieces ForReading(List<byte[]> pieces) => new(pieces);

    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (readPiece < pieces.Count && readOffset == pieces[readPiece].Length)
        {
            readPiece++;
            readOffset = 0;
        }

        if (readPiece == pieces.Count)
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, pieces[readPiece].Length - readOffset);
        pieces[readPiece].AsSpan(readOffset, n).CopyTo(buffer);
        readOffset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
