using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>The digest written a batch at a time to an output that takes only asynchronous writes (the store's chunk uploads).</summary>
public sealed class UserDigestTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(200_000)]
    public async Task A_digest_written_asynchronously_reads_back_as_its_users(int count)
    {
        var random = new Random(count);
        List<UserSummary> users = [.. Enumerable.Range(0, count).Select(i => new UserSummary(
            $"user{i}@example.com", i % 3 == 0 ? $"E{i}" : null, i % 2 == 0, i % 10 != 0, i % 7 == 0, (ulong)random.NextInt64(),
            BlockedByPlatform: i % 11 == 0, HasFeedGroups: i % 13 == 0, MissedFiles: (byte)(i % 5)))];
        using var output = new AsynchronousOnly();

        await UserDigest.SerializeAsync(users, output, CancellationToken.None);

        output.Written.Position = 0;
        Assert.Equal(users, UserDigest.Deserialize(output.Written));
    }

    /// <summary>Bytes kept in memory, taken only asynchronously, as the store's chunk uploads take them.</summary>
    private sealed class AsynchronousOnly : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written.Length;

        public override long Position { get => Written.Position; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            Written.Write(buffer.Span);
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("written synchronously");

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
