using System.IO.Compression;

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

    public static List<UserSummary> Deserialize(Stream input)
    {
        using var zip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new BinaryReader(zip);
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException("Unknown user digest format.");
        }

        var count = reader.ReadInt32();
        var users = new List<UserSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var externalId = reader.ReadBoolean() ? reader.ReadString() : null;
            var flags = reader.ReadByte();
            users.Add(new UserSummary(key, externalId, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, reader.ReadUInt64()));
        }

        return users;
    }
}
