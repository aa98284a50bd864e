namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// A digest's bytes as pieces of at most one entity property each, so a large digest is never one large
/// array: the serializer writes into it, and the deserializer reads the pieces back in order.
/// </summary>
internal sealed class DigestPieces : Stream
{
    private readonly List<byte[]> pieces;
    private readonly int pieceSize;
    private int lastLength;
    private int readPiece;
    private int readOffset;

    private DigestPieces(List<byte[]> pieces, int pieceSize, bool reading)
    {
        this.pieces = pieces;
        this.pieceSize = pieceSize;
        CanRead = reading;
        CanWrite = !reading;
    }

    public static DigestPieces ForWriting(int pieceSize) => new([], pieceSize, reading: false);

    public static DigestPieces ForReading(List<byte[]> pieces) => new(pieces, 0, reading: true);

    public override bool CanRead { get; }

    public override bool CanWrite { get; }

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The written pieces, the last one cut to what was written into it.</summary>
    public List<byte[]> Written()
    {
        if (pieces.Count > 0 && lastLength < pieceSize)
        {
            pieces[^1] = pieces[^1][..lastLength];
            lastLength = pieceSize;
        }

        return pieces;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (pieces.Count == 0 || lastLength == pieceSize)
            {
                pieces.Add(new byte[pieceSize]);
                lastLength = 0;
            }

            var n = Math.Min(buffer.Length, pieceSize - lastLength);
            buffer[..n].CopyTo(pieces[^1].AsSpan(lastLength));
            lastLength += n;
            buffer = buffer[n..];
        }
    }

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
