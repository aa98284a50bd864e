using System.IO.Compression;
using System.Text;

namespace UserDataFeed.Core.Users;

/// <summary>A tenant's <see cref="UserSummary"/> list as compact bytes (length-prefixed fields, gzip).</summary>
public static class UserDigest
{
    private const byte FormatVersion = 1;

    /// <summary>Writes the digest to <paramref name="output"/> (left open), so a large one need not be one array.</summary>
    public static void Serialize(IReadOnlyCollection<UserSummary> users, Stream output)
    {
        using var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        using var writer = new BinaryWriter(zip);
        writer.Write(FormatVersion);
        writer.Write(users.Count);
        foreach (var user in users)
        {
            writer.Write(user.EmailKey);
            writer.Write(user.ExternalId is not null);
            if (user.ExternalId is not null)
            {
                writer.Write(user.ExternalId);
            }

            writer.Write((byte)((user.FeedCreated ? 1 : 0) | (user.Active ? 2 : 0) | (user.DerivedManager ? 4 : 0)));
            writer.Write(user.InputHash);
        }
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
            users.Add(new UserSummary(key, externalId, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, reader.ReadUInt64()));
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
