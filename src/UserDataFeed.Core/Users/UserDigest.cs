using System.IO.Compression;
using System.Text;

namespace UserDataFeed.Core.Users;

/// <summary>A tenant's <see cref="UserSummary"/> list as compact bytes (length-prefixed fields, gzip).</summary>
public static class UserDigest
{
    /// <summary>
    /// Still 1 with the platform block, the feed's groups and the missed files (issue 15): each is a bit of the flags byte
    /// that digests written before it never set (the missed files' count follows the flags only when its bit is set), and
    /// nobody was blocked, in a group or counted then, so an old digest reads as it should.
    /// </summary>
    private const byte FormatVersion = 1;

    private const byte FeedCreatedBit = 1, ActiveBit = 2, DerivedManagerBit = 4, BlockedByPlatformBit = 8, MissedFilesBit = 16, HasFeedGroupsBit = 64;

    /// <summary>Writes the digest to <paramref name="output"/> (left open), so a large one need not be one array.</summary>
    public static void Serialize(IReadOnlyCollection<UserSummary> users, Stream output)
    {
        using var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        using var writer = new BinaryWriter(zip);
        WriteHeader(writer, users.Count);
        foreach (var user in users)
        {
            WriteUser(writer, user);
        }
    }

    /// <summary>
    /// Writes the digest to <paramref name="output"/> (left open) as <see cref="Serialize"/> does, handing it the compressed
    /// bytes as they are made, so an output that sends them on (<c>DigestStore</c>) never holds the whole digest.
    /// </summary>
    public static async Task SerializeAsync(IReadOnlyCollection<UserSummary> users, Stream output, CancellationToken cancellationToken)
    {
        const int Batch = 64 * 1024;
        var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using (zip)
        {
            using var batch = new MemoryStream(Batch + 1024);
            using var writer = new BinaryWriter(batch);
            WriteHeader(writer, users.Count);
            foreach (var user in users)
            {
                WriteUser(writer, user);
                if (batch.Length >= Batch)
                {
                    await zip.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), cancellationToken);
                    batch.SetLength(0);
                }
            }

            writer.Flush();
            await zip.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), cancellationToken);
        }
    }

    private static void WriteHeader(BinaryWriter writer, int count)
    {
        writer.Write(FormatVersion);
        writer.Write(count);
    }

    private static void WriteUser(BinaryWriter writer, in UserSummary user)
    {
        writer.Write(user.EmailKey);
        writer.Write(user.ExternalId is not null);
        if (user.ExternalId is not null)
        {
            writer.Write(user.ExternalId);
        }

        writer.Write((byte)((user.FeedCreated ? FeedCreatedBit : 0) | (user.Active ? ActiveBit : 0)
            | (user.DerivedManager ? DerivedManagerBit : 0) | (user.BlockedByPlatform ? BlockedByPlatformBit : 0) | (user.HasFeedGroups ? HasFeedGroupsBit : 0)
            | (user.MissedFiles > 0 ? MissedFilesBit : 0)));
        if (user.MissedFiles > 0)
        {
            writer.Write(user.MissedFiles);
        }

        writer.Write(user.InputHash);
    }

    /// <summary>
    /// Reads a digest. <paramref name="emailKeyOf"/> turns each email key's characters into the string to hold,
    /// so a caller that already holds the same keys (the file being planned) can share its instances.
    /// </summary>
    public static List<UserSummary> Deserialize(Stream input, Func<ReadOnlySpan<char>, string>? emailKeyOf = null)
    {
        using var zip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new BinaryReader(zip, Encoding.UTF8);
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException("Unknown user digest format.");
        }

        var count = reader.ReadInt32();
        var users = new List<UserSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(reader, emailKeyOf ?? (chars => chars.ToString()));
            var externalId = reader.ReadBoolean() ? reader.ReadString() : null;
            var flags = reader.ReadByte();
            var missedFiles = (flags & MissedFilesBit) != 0 ? reader.ReadByte() : (byte)0;
            users.Add(new UserSummary(key, externalId, (flags & FeedCreatedBit) != 0, (flags & ActiveBit) != 0, (flags & DerivedManagerBit) != 0,
                reader.ReadUInt64(), (flags & BlockedByPlatformBit) != 0, (flags & HasFeedGroupsBit) != 0, missedFiles));
        }

        return users;
    }

    /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> wrote it (length in UTF-8 bytes, then the bytes), decoded without a string of its own.</summary>
    private static string ReadKey(BinaryReader reader, Func<ReadOnlySpan<char>, string> emailKeyOf)
    {
        const int MostOnStack = 512; // an email is at most 254 characters
        var length = reader.Read7BitEncodedInt();
        var bytes = length <= MostOnStack ? stackalloc byte[MostOnStack] : new byte[length];
        var chars = length <= MostOnStack ? stackalloc char[MostOnStack] : new char[length];
        reader.BaseStream.ReadExactly(bytes[..length]);
        return emailKeyOf(chars[..Encoding.UTF8.GetChars(bytes[..length], chars)]);
    }
}
