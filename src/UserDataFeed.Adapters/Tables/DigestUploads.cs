namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// A digest being written, as chunks of <c>piecesPerChunk</c> pieces of <c>pieceSize</c> bytes (a piece is one entity
/// property): each chunk is handed to <c>upload</c> as soon as it is full, with at most <c>parallelism</c> uploads in
/// flight, so a large digest is never held whole while it is saved. Write asynchronously; <see cref="CompleteAsync"/>
/// sends the last chunk and waits for every upload.
/// </summary>
internal sealed class DigestUploads(int pieceSize, int piecesPerChunk, int parallelism, Func<int, IReadOnlyList<byte[]>, CancellationToken, Task> upload) : Stream
{
    private readonly List<Task> inFlight = [];
    private List<byte[]> chunk = [];
    private int lastLength;

    /// <summary>The chunks handed to the upload so far (all of them once <see cref="CompleteAsync"/> returned).</summary>
    public int Chunks { get; private set; }

    public override bool CanRead => false;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            if (chunk.Count == piecesPerChunk && lastLength == pieceSize)
            {
                await SendAsync(cancellationToken);
            }

            if (chunk.Count == 0 || lastLength == pieceSize)
            {
                chunk.Add(new byte[pieceSize]);
                lastLength = 0;
            }

            var n = Math.Min(buffer.Length, pieceSize - lastLength);
            buffer.Span[..n].CopyTo(chunk[^1].AsSpan(lastLength));
            lastLength += n;
            buffer = buffer[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends what is left (the last piece cut to what was written) and waits for every upload.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (chunk.Count > 0)
        {
            chunk[^1] = chunk[^1][..lastLength];
            await SendAsync(cancellationToken);
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (inFlight.Count == parallelism)
        {
            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            await done; // its fault, if any, stops the save
        }

        inFlight.Add(upload(Chunks++, chunk, cancellationToken));
        chunk = [];
        lastLength = 0;
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write the digest asynchronously.");

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
